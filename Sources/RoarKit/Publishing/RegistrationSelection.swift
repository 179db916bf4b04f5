import Foundation

/// Which recorded jobs `roar register [TARGET]` publishes: the whole active session, or the
/// subgraph that produced a target (a path, digest, @STEP or job uid, resolved as `roar show`
/// resolves it) plus the session's build steps, as roar-cli collects them.
public struct RegistrationSelection: Sendable {
    /// What was asked for, for messages and the local record ("session" without a target).
    public var target: String
    /// The jobs, in step order.
    public var jobs: [LocalJob]

    public init(target: String, jobs: [LocalJob]) {
        self.target = target
        self.jobs = jobs
    }

    public static func select(_ text: String?, store: LocalStore, workingDirectory: String = FileManager.default.currentDirectoryPath) throws
        -> RegistrationSelection
    {
        guard let text else {
            let jobs = try store.jobs()
            guard !jobs.isEmpty else { throw RoarError.usage("nothing to register: the active session has no jobs (record one with `roar run`)") }
            return RegistrationSelection(target: "session", jobs: ordered(jobs))
        }
        var selected: [Int64: LocalJob] = [:]
        var digests: [String] = []
        var session: Int64?
        switch try Target.resolve(text, store: store, workingDirectory: workingDirectory) {
        case .artifact(let file):
            guard let producer = try store.producer(ofDigest: file.digest) else {
                throw RoarError.usage("\(text) is a source (no recorded job wrote it): there is no lineage to register")
            }
            digests = [file.digest]
            session = producer.sessionID
        case .job(let job):
            selected[job.id] = job
            digests = job.inputs.map(\.digest)
            session = job.sessionID
        }
        // Upstream: each artifact's latest producer, then that job's inputs, until sources.
        var seen = Set<String>()
        while let digest = digests.popLast() {
            guard seen.insert(digest).inserted, let producer = try store.producer(ofDigest: digest) else { continue }
            if selected[producer.id] == nil {
                selected[producer.id] = producer
                digests += producer.inputs.map(\.digest)
            }
        }
        // Build steps set up the environment every later step runs in.
        if let session {
            for job in try store.jobs(session: session) where job.jobType == "build" && selected[job.id] == nil { selected[job.id] = job }
        }
        return RegistrationSelection(target: text, jobs: ordered(Array(selected.values)))
    }

    static func ordered(_ jobs: [LocalJob]) -> [LocalJob] {
        jobs.sorted { ($0.stepNumber, $0.startedAt, $0.id) < ($1.stepNumber, $1.startedAt, $1.id) }
    }
}
