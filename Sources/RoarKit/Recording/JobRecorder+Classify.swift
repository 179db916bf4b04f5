import Foundation
import RoarEnvironment
import RoarTrace

extension JobRecorder {
    /// A job's files sorted into inputs, outputs and executables, hashed.
    struct Classified {
        var inputs: [LocalFile] = []
        var outputs: [LocalFile] = []
        var executables: [LocalFile] = []
        /// Project code files the job read, with their digests and state against the commit
        /// (tracked ones are not inputs: the commit, or its kept patch, stands for them).
        var code: [CodeFile] = []
        var leftOut: [String: Int] = [:]
        var temporaries = 0
        var notes: [String] = []
    }

    /// Code files tracked by git are not data inputs: the recorded commit stands for them.
    static let codeExtensions: Set<String> = [
        "py", "pyx", "pxd", "pyi", "ipynb", "sh", "bash", "r", "jl", "c", "cc", "cpp", "h", "hpp", "rs", "go", "js", "ts", "java",
        "scala", "rb", "pl", "lua", "so", "dylib", "mk",
    ]

    func classify(
        _ report: TraceReport, preChange: [String: FileHasher.Hashed], readAhead: [String: ReadAheadHasher.Hashed] = [:], interpreters: [String],
        gitRoot: String?
    ) throws -> Classified {
        let filter = PathFilter(project: project, configuration: configuration, interpreterPrefixes: interpreters)
        var classified = Classified()
        var inputPaths: [String] = []
        var outputPaths: [String] = []
        var executablePaths: [String] = []
        var identities: [String: FileIdentity] = [:]
        for file in report.files { if let identity = file.identity { identities[file.path] = identity } }
        for file in Self.throughSymlinks(report.files) {
            let exists = FileStamp(path: file.path) != nil
            if file.executed { executablePaths.append(file.path) }
            let wrote = file.written || file.created || file.truncated || file.appended
            let verdict = filter.verdict(file.path, written: wrote && !file.read)
            guard verdict == .keep else {
                classified.leftOut[verdict.rawValue, default: 0] += 1
                continue
            }
            if file.created && !exists {
                classified.temporaries += 1
                continue
            }
            // Read content the job did not make itself: an input. Executed project files too
            // (a script run as ./pipeline.sh).
            // A program outside the project that the tree ran (and an interpreter read to run it)
            // is a tool: it is listed among the executables, not the inputs.
            let tool = file.executed && !project.contains(file.path)
            if (file.read && !file.created && !tool) || (file.executed && !tool) { inputPaths.append(file.path) }
            if wrote && exists { outputPaths.append(file.path) }
        }
        let code = codeStates(inputPaths, root: gitRoot).sorted { $0.path < $1.path }
        let tracked = Set(code.filter { $0.state != .untracked }.map(\.path))
        inputPaths.removeAll { tracked.contains($0) }

        var hasher = FileHasher(store: store)
        hasher.readAhead = readAhead
        let unchanged = inputPaths.filter { preChange[$0] == nil }
        let hashed = try hasher.hash(unchanged + outputPaths + executablePaths + tracked.filter { preChange[$0] == nil })
        // Code paths are the repository's (what `git show COMMIT:PATH` names), else the project's.
        func codePath(_ path: String) -> String {
            if let gitRoot, path.hasPrefix(gitRoot + "/") { return String(path.dropFirst(gitRoot.count + 1)) }
            return project.relative(path)
        }
        let kept = KeptCode(project: project)
        for (path, state) in code {
            let digest = (preChange[path] ?? hashed[path])?.digest
            // What no commit holds is kept, as read, so a reproduction can rebuild it.
            if state != .committed, let digest, preChange[path] != nil || !kept.keep(path, digest: digest) {
                classified.notes.append("\(project.relative(path)): changed after the job read it; no copy of the code it ran was kept")
            }
            classified.code.append(CodeFile(path: codePath(path), digest: digest, git: state))
        }
        for path in inputPaths {
            if let before = preChange[path] {
                classified.inputs.append(
                    LocalFile(
                        path: path, digest: before.digest, size: before.size,
                        note: "changed by the job after it read it; this is the digest of what it read"))
            } else if let now = hashed[path] {
                var note: String?
                if let identity = identities[path], let stamp = FileStamp(path: path),
                    identity.size != stamp.size || identity.modificationTimeNanoseconds != stamp.mtimeNanoseconds
                {
                    note = "changed during the run by something outside the job; this is its content afterwards"
                    classified.notes.append("\(project.relative(path)): \(note!)")
                }
                classified.inputs.append(LocalFile(path: path, digest: now.digest, size: now.size, note: note))
            }
        }
        for path in outputPaths {
            if let now = hashed[path] { classified.outputs.append(LocalFile(path: path, digest: now.digest, size: now.size)) }
        }
        for path in Set(executablePaths).sorted() {
            if let now = hashed[path] { classified.executables.append(LocalFile(path: path, digest: now.digest, size: now.size)) }
        }
        return classified
    }

    /// The files as the content they reach: an access through a symbolic link (the tracer
    /// keeps paths as the program spelled them) becomes an access to the file it resolves to
    /// now, merged with direct accesses to that file. The links themselves are not content.
    static func throughSymlinks(_ files: [FileAccess]) -> [FileAccess] {
        var merged: [String: FileAccess] = [:]
        var order: [String] = []
        for var file in files {
            if let target = Self.linkTarget(file.path) {
                file.path = target
                file.created = false
            } else if Self.isSymlink(file.path) {
                continue // dangling now: nothing to hash
            }
            guard var existing = merged[file.path] else {
                merged[file.path] = file
                order.append(file.path)
                continue
            }
            existing.read = existing.read || file.read
            existing.written = existing.written || file.written
            existing.truncated = existing.truncated || file.truncated
            existing.appended = existing.appended || file.appended
            existing.executed = existing.executed || file.executed
            existing.created = existing.created && file.created
            merged[file.path] = existing
        }
        return order.compactMap { merged[$0] }
    }

    static func isSymlink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    /// Where the symbolic link at `path` leads, following its final component only (so that
    /// a project reached through a linked directory keeps its spelling); nil when `path` is
    /// not a link or leads nowhere.
    static func linkTarget(_ path: String) -> String? {
        var current = path
        var hops = 0
        while isSymlink(current) {
            hops += 1
            guard hops <= 40, let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return nil }
            let joined = destination.hasPrefix("/") ? destination : (current as NSString).deletingLastPathComponent + "/" + destination
            current = URL(fileURLWithPath: joined).standardized.path
        }
        return hops > 0 && FileManager.default.fileExists(atPath: current) ? current : nil
    }
}
