import Foundation
import GRDB

/// A file's identity as the hash cache keys it: a file with the same path, device, inode, size
/// and modification time (ns) has the same content, so it is not read again.
public struct FileStamp: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var mtimeNanoseconds: Int64

    /// The stamp of the regular file at `path` (following symlinks), or nil.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        mtimeNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    public init(device: UInt64, inode: UInt64, size: Int64, mtimeNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
    }
}

extension LocalStore {
    /// Cached digests for these paths whose stamps still match.
    public func cachedDigests(_ stamps: [String: FileStamp]) throws -> [String: String] {
        guard !stamps.isEmpty else { return [:] }
        return try queue.read { db in
            var found: [String: String] = [:]
            // A few hundred paths per query: one round trip per path is what made big steps slow.
            let paths = Array(stamps.keys)
            for start in stride(from: 0, to: paths.count, by: 500) {
                let chunk = Array(paths[start..<min(start + 500, paths.count)])
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db, sql: "SELECT path, device, inode, size, mtime_ns, digest FROM hash_cache WHERE path IN (\(placeholders))",
                    arguments: StatementArguments(chunk))
                for row in rows {
                    let path: String = row[0]
                    let cached = FileStamp(
                        device: UInt64(bitPattern: row[1]), inode: UInt64(bitPattern: row[2]), size: row[3], mtimeNanoseconds: row[4])
                    if cached == stamps[path] { found[path] = row[5] }
                }
            }
            return found
        }
    }

    public func cacheDigests(_ entries: [(path: String, stamp: FileStamp, digest: String)]) throws {
        guard !entries.isEmpty else { return }
        try queue.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO hash_cache (path, device, inode, size, mtime_ns, digest) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (path) DO UPDATE SET device = excluded.device, inode = excluded.inode, size = excluded.size,
                        mtime_ns = excluded.mtime_ns, digest = excluded.digest
                    """)
            for entry in entries {
                try statement.execute(arguments: [
                    entry.path, Int64(bitPattern: entry.stamp.device), Int64(bitPattern: entry.stamp.inode), entry.stamp.size,
                    entry.stamp.mtimeNanoseconds, entry.digest,
                ])
            }
        }
    }
}
