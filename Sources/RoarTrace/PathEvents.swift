// Namespace changes, reported in the order they happened: a rename or an
// unlink changes what a path refers to, which per-path flags cannot show.

/// A successful rename(2)/renameat(2)/renameat2(2).
public struct RenameEvent: Sendable, Codable, Hashable {
    public var from: String
    public var to: String
    /// RENAME_EXCHANGE: the two paths swapped contents.
    public var exchange: Bool
    public var pid: Int32
    /// Position among all recorded accesses (shared with `FileAccess.order`).
    public var order: Int
}

/// A successful link(2)/linkat(2): `to` is a new name for `from`'s inode.
public struct LinkEvent: Sendable, Codable, Hashable {
    public var from: String
    public var to: String
    public var pid: Int32
    public var order: Int
}

/// A successful symlink(2)/symlinkat(2).
public struct SymlinkEvent: Sendable, Codable, Hashable {
    /// The link's content, verbatim (relative targets are relative to the
    /// link's directory, not to any cwd).
    public var target: String
    /// The absolute path of the new link.
    public var path: String
    public var pid: Int32
    public var order: Int
}

/// A successful unlink(2)/unlinkat(2) of a non-directory.
public struct UnlinkEvent: Sendable, Codable, Hashable {
    public var path: String
    public var pid: Int32
    public var order: Int
}
