import Glibc

/// The parts of `stat(2)` the tracer uses: identity and file type.
struct FileStat {
    var identity: FileIdentity
    var mode: UInt32

    var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    var isSocket: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFSOCK) }
    var isRegular: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
    var isCharacterDevice: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFCHR) }

    /// `stat` (following symlinks, as open does) or `lstat`.
    static func of(_ path: String, followSymlinks: Bool = true) -> FileStat? {
        var info = stat()
        let result = followSymlinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return nil }
        let identity = FileIdentity(
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            size: Int64(info.st_size),
            modificationTimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        )
        return FileStat(identity: identity, mode: UInt32(info.st_mode))
    }
}
