import BLAKE3Hashing
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `roar pop`: undoes the last job of the active session. Its record goes, and so do its output
/// files, but only those that are still what the job wrote: inside the project, regular files,
/// with the recorded digest now, not read by the job itself (they existed before it) and not
/// recorded by another job with the same content. Everything else stays, with why.
public struct JobPop: Sendable {
    /// What happens to one output file.
    public enum Decision: Sendable, Equatable {
        /// Deleted: still exactly what the job wrote.
        case delete
        /// Already absent.
        case missing
        /// Left alone, for this reason.
        case keep(String)
    }

    /// One output and its fate.
    public struct OutputFile: Sendable, Equatable {
        public var file: LocalFile
        public var decision: Decision
    }

    /// What was done.
    public struct Result: Sendable {
        public var job: LocalJob
        public var deleted: [String]
        public var missing: [String]
        public var kept: [(path: String, reason: String)]
    }

    public let job: LocalJob
    public let outputs: [OutputFile]
    let project: RoarProject

    /// The plan for the active session's last job; nothing is changed.
    public static func plan(project: RoarProject, store: LocalStore) throws -> JobPop {
        let session = try store.activeSessionID()
        guard let job = try store.lastJob(session: session) else {
            throw RoarError.usage("nothing to pop: session \(session) has no jobs (see roar session list)")
        }
        let root = URL(fileURLWithPath: project.root).resolvingSymlinksInPath().path
        let outputs = try job.outputs.map { file in
            OutputFile(file: file, decision: try decide(file, job: job, root: root, store: store))
        }
        return JobPop(job: job, outputs: outputs, project: project)
    }

    /// The files that would be deleted.
    public var deletions: [LocalFile] { outputs.filter { $0.decision == .delete }.map(\.file) }

    static func decide(_ file: LocalFile, job: LocalJob, root: String, store: LocalStore) throws -> Decision {
        let path = URL(fileURLWithPath: file.path).standardizedFileURL.path
        // The directory the file is in, with every symbolic link followed: a link to elsewhere
        // does not make an outside file the project's.
        let directory = URL(fileURLWithPath: (path as NSString).deletingLastPathComponent).resolvingSymlinksInPath().path
        guard directory == root || directory.hasPrefix(root + "/") else { return .keep("outside the project") }
        let relative = String((directory + "/").dropFirst(root.count + 1))
        if relative.hasPrefix(RoarProject.directoryName + "/") || relative.hasPrefix(".git/") { return .keep("roar's or git's own file") }
        var status = stat()
        if lstat(path, &status) != 0 { return errno == ENOENT ? .missing : .keep("cannot inspect it: \(String(cString: strerror(errno)))") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return .keep("not a regular file now") }
        if job.inputs.contains(where: { $0.path == file.path }) { return .keep("the job also read it: it existed before the job") }
        if let other = try store.otherRecords(path: file.path, digest: file.digest, except: job.id).first {
            return .keep("@\(other.stepNumber) \(other.uid) (session \(other.sessionID)) recorded the same content")
        }
        guard let now = try? BLAKE3.hashFile(at: path).hex else { return .keep("cannot read it") }
        guard now == file.digest else { return .keep("changed since the job (now \(now.prefix(12)))") }
        return .delete
    }

    /// Deletes the outputs planned for deletion (each checked once more just before), then
    /// removes the job's record.
    public func perform(store: LocalStore) throws -> Result {
        var result = Result(job: job, deleted: [], missing: [], kept: [])
        for output in outputs {
            switch output.decision {
            case .missing:
                result.missing.append(output.file.path)
            case .keep(let reason):
                result.kept.append((output.file.path, reason))
            case .delete:
                guard (try? BLAKE3.hashFile(at: output.file.path).hex) == output.file.digest else {
                    result.kept.append((output.file.path, "changed while popping"))
                    continue
                }
                // unlink, not a recursive removal: a path swapped for a link loses only the link.
                if unlink(output.file.path) == 0 {
                    result.deleted.append(output.file.path)
                } else {
                    result.kept.append((output.file.path, "cannot delete it: \(String(cString: strerror(errno)))"))
                }
            }
        }
        try store.removeJob(id: job.id)
        return result
    }
}
