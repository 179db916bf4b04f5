import BLAKE3Hashing
import Foundation

/// BLAKE3 digests of files, through the project's hash cache: a file whose (path, device,
/// inode, size, mtime) is unchanged since it was last hashed is not read again.
struct FileHasher {
    struct Hashed: Sendable {
        var digest: String
        var size: Int64
    }

    let store: LocalStore
    /// Digests taken while the job ran (`ReadAheadHasher`), used while the stamp still matches.
    var readAhead: [String: ReadAheadHasher.Hashed] = [:]

    /// Files modified this recently are hashed but not cached: timestamps are coarser than the
    /// time it takes to rewrite a file.
    static let racyWindowSeconds = 2.0

    /// Digests of the regular files among `paths` (others are left out), hashing cache misses
    /// concurrently.
    func hash(_ paths: [String]) throws -> [String: Hashed] {
        var stamps: [String: FileStamp] = [:]
        for path in Set(paths) {
            if let stamp = FileStamp(path: path) { stamps[path] = stamp }
        }
        var result: [String: Hashed] = [:]
        var fresh: [(path: String, stamp: FileStamp, digest: String)] = []
        let racyLimit = Int64((Date().timeIntervalSince1970 - Self.racyWindowSeconds) * 1e9)
        for (path, stamp) in stamps {
            guard let early = readAhead[path], early.stamp == stamp else { continue }
            result[path] = Hashed(digest: early.digest, size: stamp.size)
            if !early.cached && stamp.mtimeNanoseconds < racyLimit { fresh.append((path, stamp, early.digest)) }
        }
        let cached = try store.cachedDigests(stamps.filter { result[$0.key] == nil })
        for (path, digest) in cached { result[path] = Hashed(digest: digest, size: stamps[path]!.size) }
        let missing = stamps.keys.filter { result[$0] == nil }.sorted()
        guard !missing.isEmpty else {
            try store.cacheDigests(fresh)
            return result
        }
        let bytes = missing.reduce(Int64(0)) { $0 + stamps[$1]!.size }
        let outcomes = HashProgress().around(files: missing.count, bytes: bytes) { BLAKE3.hashFiles(at: missing) }
        for (path, outcome) in zip(missing, outcomes) {
            guard case .success(let digest) = outcome else { continue }
            // Cache only when the file did not change while it was read, and when its mtime is
            // old enough that a rewrite of the same size could not share it (the "racy" case).
            if let after = FileStamp(path: path), after == stamps[path], after.mtimeNanoseconds < racyLimit {
                fresh.append((path, after, digest.hex))
            }
            result[path] = Hashed(digest: digest.hex, size: stamps[path]!.size)
        }
        try store.cacheDigests(fresh)
        return result
    }

    /// The digest of one file now, without the cache (the file is about to change).
    static func hashNow(_ path: String) -> Hashed? {
        guard let stamp = FileStamp(path: path), let digest = try? BLAKE3.hashFile(at: path, threads: 1) else { return nil }
        return Hashed(digest: digest.hex, size: stamp.size)
    }
}
