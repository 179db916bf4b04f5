import Foundation

/// One process (thread group) of the traced tree.
public struct TracedProcess: Sendable, Codable, Hashable {
    /// Process id (thread-group id).
    public var pid: Int32
    /// The traced process that created it; `nil` for the command itself.
    public var parentPID: Int32?
    /// Arguments of its last successful exec (inherited from the parent
    /// when it never exec'd).
    public var argv: [String]
    /// Absolute path given to its last successful exec.
    public var executable: String?
    /// The binary the kernel actually ran (`/proc/PID/exe`): the
    /// interpreter of a `#!` script, with symlinks resolved.
    public var image: String?
    /// Working directory at its last exec (at creation if it never exec'd).
    public var cwd: String?
    /// Number of successful execs.
    public var execCount: Int
    /// Threads it created (not counting its first thread).
    public var threadCount: Int
    /// `nil` only if the tracer lost track of it.
    public var exitStatus: ExitStatus?
    public var startTime: Date
    public var endTime: Date?
}
