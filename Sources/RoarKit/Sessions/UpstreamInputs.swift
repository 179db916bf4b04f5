import Foundation
import RoarEnvironment

/// `roar inputs`: what making a target took, walking up its recipe (each artifact's latest
/// producer, then that job's inputs) as roar-cli's `inputs` walks, except that an input's maker
/// is looked for among the jobs recorded before the one that read it (identical content written
/// later does not hide the walk). Roots are where the walk
/// stops: files no recorded job made (unsourced, unless git tracks them) and outputs of jobs that
/// read nothing (`roar get` downloads, generators), which a reproduction re-runs or re-fetches.
public struct UpstreamInputs: Sendable {
    /// Where an input comes from.
    public enum Origin: Sendable, Equatable {
        /// Made by a recorded step from other inputs (listed with `--all` only).
        case made(step: Int, uid: String)
        /// Written by a job that read nothing: `roar get` (with its URL) or a generator.
        case fetched(step: Int, uid: String, jobType: String)
        /// No recorded job made it, but git tracks it: a checkout restores it.
        case committed
        /// No recorded job made it and git does not track it: it will not exist elsewhere.
        case unsourced
    }

    /// One input.
    public struct Entry: Sendable, Equatable {
        public var file: LocalFile
        public var origin: Origin
        /// Where `roar put` or `roar get` recorded its bytes, when one did.
        public var source: ArtifactSource?

        public var unsourced: Bool { origin == .unsourced }
    }

    /// The entries, in the order the walk met them.
    public var entries: [Entry]
    /// Set when the target itself is a root (nothing upstream): why.
    public var targetIsRoot: String?

    /// Walks up from `target`. With `all`, intermediates are listed too.
    public static func collect(_ target: Target, project: RoarProject, store: LocalStore, all: Bool) throws -> UpstreamInputs {
        let start: [LocalFile]
        let consumer: Int64
        switch target {
        case .artifact(let file):
            // The job that wrote these bytes at this path: a copy made from it is not its maker.
            guard let producer = try store.producer(ofPath: file.path, digest: file.digest) else {
                return UpstreamInputs(entries: [], targetIsRoot: "no recorded job made it")
            }
            guard !producer.inputs.isEmpty else {
                return UpstreamInputs(entries: [], targetIsRoot: "@\(producer.stepNumber) \(producer.uid) made it from nothing recorded")
            }
            (start, consumer) = (producer.inputs, producer.id)
        case .job(let job):
            guard !job.inputs.isEmpty else { return UpstreamInputs(entries: [], targetIsRoot: "the job read no recorded inputs") }
            (start, consumer) = (job.inputs, job.id)
        }
        let tracked = trackedFiles(project)
        var entries: [Entry] = []
        // Visited by content and maker: a copy (same bytes, made later) is listed apart from its original.
        var seen = Set<String>()
        // Each input with the job that read it: its maker ran before that job.
        var stack = start.reversed().map { (file: $0, reader: consumer) }
        while let (file, reader) = stack.popLast() {
            let producer = try store.producer(ofDigest: file.digest, before: reader)
            guard seen.insert("\(file.digest) \(producer?.id ?? 0)").inserted else { continue }
            if let producer {
                if producer.inputs.isEmpty {
                    entries.append(
                        Entry(file: file, origin: .fetched(step: producer.stepNumber, uid: producer.uid, jobType: producer.jobType), source: nil))
                } else {
                    if all { entries.append(Entry(file: file, origin: .made(step: producer.stepNumber, uid: producer.uid), source: nil)) }
                    stack += producer.inputs.reversed().map { (file: $0, reader: producer.id) }
                }
            } else {
                entries.append(Entry(file: file, origin: tracked.contains(file.path) ? .committed : .unsourced, source: nil))
            }
        }
        let sources = try store.sourceLocations(forDigests: entries.map(\.file.digest))
        for index in entries.indices { entries[index].source = sources[entries[index].file.digest] }
        return UpstreamInputs(entries: entries, targetIsRoot: nil)
    }

    /// Absolute paths of the files git tracks under the project (empty outside a repository).
    static func trackedFiles(_ project: RoarProject) -> Set<String> {
        guard let result = Subprocess.run(["git", "-C", project.root, "ls-files", "-z"], timeout: 20), result.status == 0 else { return [] }
        return Set(result.stdout.split(separator: "\0").map { project.root + "/" + $0 })
    }
}
