import Foundation
import RoarEnvironment

/// One `roar run` (or `roar build`) as recorded in `.roar/`.
public struct LocalJob: Sendable, Codable, Hashable {
    public var id: Int64
    /// 8 hex characters, random: how roar-cli names jobs too.
    public var uid: String
    public var sessionID: Int64
    /// The job's position in its session (`@3`).
    public var stepNumber: Int
    /// `run`, or `build` for steps that reproduction replays first.
    public var jobType: String
    /// The argv joined as a shell would need it typed.
    public var command: String
    public var argv: [String]
    public var cwd: String
    public var startedAt: Date
    public var durationSeconds: Double
    /// Exit code, or nil when a signal ended the command.
    public var exitCode: Int?
    /// The signal that ended the command, if one did.
    public var signal: Int?
    public var gitRepo: String?
    public var gitCommit: String?
    public var gitBranch: String?
    public var gitClean: Bool?
    /// roar-cli-compatible job metadata (packages, runtime, git…), as JSON text.
    public var metadata: String
    public var inputs: [LocalFile]
    public var outputs: [LocalFile]
    /// Every program the tree executed, with its digest.
    public var executables: [LocalFile]
    public var processes: [LocalProcess]
    /// Where and with what it ran: git, host, Python distributions, Debian packages, variables.
    public var environment: JobEnvironment?
    /// What the recorder noticed and the user should know (a file changed behind the job's back...).
    public var notes: [String]
    /// The name `roar run -n NAME` gave the job (roar-cli's `name` label), nil without one.
    public var stepName: String? = nil

    /// The shell status the command ended with (128 + signal when killed).
    public var shellStatus: Int { signal.map { 128 + $0 } ?? exitCode ?? 0 }
    public var succeeded: Bool { exitCode == 0 && signal == nil }
}

/// A file a job read, wrote or executed, known by its BLAKE3 digest.
public struct LocalFile: Sendable, Codable, Hashable {
    public var path: String
    public var digest: String
    public var size: Int64
    /// Why this record deserves attention, e.g. "changed during the run".
    public var note: String?

    public init(path: String, digest: String, size: Int64, note: String? = nil) {
        self.path = path
        self.digest = digest
        self.size = size
        self.note = note
    }
}

/// One process of a job's tree.
public struct LocalProcess: Sendable, Codable, Hashable {
    public var pid: Int32
    public var parentPID: Int32?
    public var argv: [String]
    public var executable: String?
    /// "exited N" or "signaled N".
    public var exit: String

    public init(pid: Int32, parentPID: Int32?, argv: [String], executable: String?, exit: String) {
        self.pid = pid
        self.parentPID = parentPID
        self.argv = argv
        self.executable = executable
        self.exit = exit
    }
}
