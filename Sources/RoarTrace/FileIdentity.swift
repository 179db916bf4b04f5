/// What `stat(2)` said about a file, so a later reader can tell whether the
/// file is still the one that was read (same inode, size and mtime).
public struct FileIdentity: Sendable, Codable, Hashable {
    /// `st_dev`.
    public var device: UInt64
    /// `st_ino`.
    public var inode: UInt64
    /// Size in bytes.
    public var size: Int64
    /// Modification time in nanoseconds since the Unix epoch.
    public var modificationTimeNanoseconds: Int64

    /// Memberwise, for callers that compare with their own `stat`.
    public init(device: UInt64, inode: UInt64, size: Int64, modificationTimeNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
    }
}
