/// Everything the traced tree did to one path (flags are cumulative over
/// the run; the ordered events are in `TraceReport`).
public struct FileAccess: Sendable, Codable, Hashable {
    /// Absolute, lexically normalized path (symlinks are not resolved).
    public var path: String
    /// Position of this path's first access among all recorded accesses.
    public var order: Int
    /// Opened for reading (O_RDONLY or O_RDWR) while it existed.
    public var read: Bool = false
    /// Opened for writing, truncated, or made to exist by a rename or link.
    public var written: Bool = false
    /// Did not exist before the tree created it (O_CREAT, rename or link target).
    public var created: Bool = false
    /// Truncated (O_TRUNC on an existing file, or truncate(2)).
    public var truncated: Bool = false
    /// Opened with O_APPEND.
    public var appended: Bool = false
    /// Executed (execve), or the binary image that ran (an interpreter).
    public var executed: Bool = false
    /// Unlinked at some point.
    public var unlinked: Bool = false
    /// Was the source of a rename (its content moved to another path).
    public var renamedAway: Bool = false
    /// Changed or removed after it was read: its content at the end of the
    /// run may not be what was read (see `TraceObserver.fileWillChange`).
    public var modifiedAfterRead: Bool = false
    /// `stat` of the file when it was first opened for reading.
    public var identity: FileIdentity?
    /// Processes (thread-group ids) that read it.
    public var readers: [Int32] = []
    /// Processes that wrote, created, truncated, renamed onto or linked it.
    public var writers: [Int32] = []

    /// An entry with no access recorded yet.
    public init(path: String, order: Int) {
        self.path = path
        self.order = order
    }
}
