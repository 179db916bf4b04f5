import Foundation
import RoarTrace
import Synchronization

/// Hashes a file the job has read just before the job changes it (in place, by truncation, by
/// a rename over it, by unlinking it), while the tracee is stopped: the input's digest is then
/// that of the bytes the job read, not of what it left behind.
final class ChangeGuard: TraceObserver {
    private let digests = Mutex<[String: FileHasher.Hashed]>([:])
    private let keep: @Sendable (String) -> Bool

    /// `keep` tells which paths are worth hashing (the rest are filtered out anyway).
    init(keep: @escaping @Sendable (String) -> Bool) {
        self.keep = keep
    }

    func fileWillChange(_ path: String, identity: FileIdentity?, pid: Int32) {
        guard keep(path), let hashed = FileHasher.hashNow(path) else { return }
        digests.withLock { $0[path] = hashed }
    }

    /// The digests taken before changes, by path.
    var preChangeDigests: [String: FileHasher.Hashed] { digests.withLock { $0 } }
}
