/// One observed execution, as published: what ran, where in the pipeline, and which artifacts it
/// read and wrote. `metadata` is the client's JSON text (packages, runtime, git...), kept verbatim.
public struct Job: Hashable, Sendable {
    /// The publication-scoped job id (32 hex characters from roar-cli).
    public var jobUID: String
    public var command: String?
    public var timestamp: Double?
    public var gitCommit: String?
    public var gitBranch: String?
    public var durationSeconds: Double?
    public var exitCode: Int?
    /// `run`, `build`, `put`, `get`...; `run` when the client sent none.
    public var jobType: String
    public var stepNumber: Int
    public var parentJobUID: String?
    public var metadata: String?
    public var inputs: [ArtifactRef]
    public var outputs: [ArtifactRef]

    public init(
        jobUID: String, command: String?, timestamp: Double? = nil, gitCommit: String? = nil,
        gitBranch: String? = nil, durationSeconds: Double? = nil, exitCode: Int? = nil,
        jobType: String? = nil, stepNumber: Int, parentJobUID: String? = nil, metadata: String? = nil,
        inputs: [ArtifactRef] = [], outputs: [ArtifactRef] = []
    ) {
        self.jobUID = jobUID
        self.command = command
        self.timestamp = timestamp
        self.gitCommit = gitCommit
        self.gitBranch = gitBranch
        self.durationSeconds = durationSeconds
        self.exitCode = exitCode
        self.jobType = (jobType?.isEmpty ?? true) ? "run" : jobType!
        self.stepNumber = stepNumber
        self.parentJobUID = parentJobUID
        self.metadata = metadata
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Job uids are opaque to the registry but must be short, printable identifiers.
    public static func isValidUID(_ uid: String) -> Bool {
        (1...128).contains(uid.utf8.count)
            && uid.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
    }
}
