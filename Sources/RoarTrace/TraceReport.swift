import Foundation

/// What a traced command did: its processes, the files they touched and
/// how it ended.
public struct TraceReport: Sendable, Codable, Hashable {
    /// The request's argv.
    public var command: [String]
    /// Pid of the command's process.
    public var rootPID: Int32
    /// How the command's process ended.
    public var exitStatus: ExitStatus
    /// Every process of the tree, in creation order.
    public var processes: [TracedProcess]
    /// Every path read, written, executed or removed, in order of first access.
    public var files: [FileAccess]
    /// Successful renames, in the order they happened (as are the next three).
    public var renames: [RenameEvent]
    public var links: [LinkEvent]
    public var symlinks: [SymlinkEvent]
    public var unlinks: [UnlinkEvent]
    /// When the tracer started the command and when the last process exited.
    public var startTime: Date
    public var endTime: Date
    /// What tracing cost (stops, syscalls).
    public var statistics: TraceStatistics
    /// Things the tracer could not record faithfully (unreadable paths, a
    /// foreign syscall ABI, …); empty in a clean run.
    public var warnings: [String]

    /// The entry for `path` (absolute), if it was touched.
    public func file(_ path: String) -> FileAccess? {
        files.first { $0.path == path }
    }

    /// The process with this pid.
    public func process(_ pid: Int32) -> TracedProcess? {
        processes.first { $0.pid == pid }
    }
}
