import Foundation
import RoarTrace
import Synchronization

/// Hashes a file the job has read just before the job changes it (in place, by truncation, by
/// a rename over it, by unlinking it), while the tracee is stopped: the input's digest is then
/// that of the bytes the job read, not of what it left behind. Files first read are handed to
/// `readAhead`, which hashes them while the job goes on.
final class ChangeGuard: TraceObserver {
    private let digests = Mutex<[String: FileHasher.Hashed]>([:])
    private let keep: @Sendable (String) -> Bool
    let readAhead: ReadAheadHasher?

    /// `keep` tells which paths are worth hashing (the rest are filtered out anyway).
    init(keep: @escaping @Sendable (String) -> Bool, readAhead: ReadAheadHasher? = nil) {
        self.keep = keep
        self.readAhead = readAhead
    }

    func fileFirstRead(_ path: String, identity: FileIdentity?) {
        readAhead?.enqueue(path, identity: identity)
    }

    func fileWillChange(_ path: String, identity: FileIdentity?, pid: Int32) {
        guard keep(path), let hashed = FileHasher.hashNow(path) else { return }
        digests.withLock { $0[path] = hashed }
    }

    /// The digests taken before changes, by path.
    var preChangeDigests: [String: FileHasher.Hashed] { digests.withLock { $0 } }
}
