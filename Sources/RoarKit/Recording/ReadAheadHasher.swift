import BLAKE3Hashing
import Foundation
import RoarTrace
import Synchronization

/// Hashes the files a job reads while the job runs, on a thread of its own, so their digests
/// are ready when it ends: a 50 MB input read at the start is hashed while the job computes,
/// not after it. The tracer only hands over paths (one lock, a wake-up when the queue was
/// empty); files the project's hash cache already knows are not read again.
///
/// A digest counts only for the content the job read: it is kept when the file's stamp before
/// and after hashing equals what `stat` said when the job first opened it, and the recorder
/// uses it only while the file still has that stamp. Anything else is hashed after the run, as
/// without read-ahead.
final class ReadAheadHasher: Sendable {
    /// A digest and the stamp the file had while it was hashed.
    struct Hashed: Sendable, Equatable {
        var stamp: FileStamp
        var digest: String
        /// Whether it came from the project's hash cache (nothing new to keep there).
        var cached = false
    }

    private struct State {
        var queue: [(path: String, identity: FileIdentity?)] = []
        var results: [String: Hashed] = [:]
        var stopping = false
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let store: LocalStore
    private let keep: @Sendable (String) -> Bool

    /// Starts the hashing thread; `keep` tells which paths the record can use.
    init(store: LocalStore, keep: @escaping @Sendable (String) -> Bool) {
        self.store = store
        self.keep = keep
        let thread = Thread { [self] in work() }
        thread.name = "roar-read-ahead"
        thread.start()
    }

    /// Queues `path`, first read by the job when it had `identity`.
    func enqueue(_ path: String, identity: FileIdentity?) {
        let wasIdle = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.queue.append((path, identity))
            return state.queue.count == 1
        }
        if wasIdle { wake.signal() }
    }

    /// The digests taken so far.
    var hashedSoFar: [String: Hashed] { state.withLock { $0.results } }

    /// Stops the thread once the file it is hashing is done (the rest of the queue is left for
    /// the recorder) and returns the digests taken, by path.
    /// Later calls return at once.
    func finish() -> [String: Hashed] {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first {
            wake.signal()
            stopped.wait()
        }
        return state.withLock { $0.results }
    }

    private func work() {
        defer { stopped.signal() }
        while true {
            let batch = state.withLock { state -> [(path: String, identity: FileIdentity?)]? in
                guard !state.stopping else { return nil }
                defer { state.queue.removeAll(keepingCapacity: true) }
                return state.queue
            }
            guard let batch else { return }
            if batch.isEmpty {
                wake.wait()
                continue
            }
            hash(batch)
        }
    }

    private func hash(_ batch: [(path: String, identity: FileIdentity?)]) {
        var stamps: [String: FileStamp] = [:]
        for (path, identity) in batch where keep(path) {
            guard let stamp = FileStamp(path: path), let identity, Self.matches(stamp, identity) else { continue }
            stamps[path] = stamp
        }
        let cached = (try? store.cachedDigests(stamps)) ?? [:]
        for (path, stamp) in stamps.sorted(by: { $0.key < $1.key }) {
            if state.withLock({ $0.stopping }) { return }
            if let digest = cached[path] {
                state.withLock { $0.results[path] = Hashed(stamp: stamp, digest: digest, cached: true) }
                continue
            }
            // One thread: the job runs alongside.
            guard let digest = try? BLAKE3.hashFile(at: path, threads: 1), FileStamp(path: path) == stamp else { continue }
            state.withLock { $0.results[path] = Hashed(stamp: stamp, digest: digest.hex) }
        }
    }

    /// Whether `stamp` is the file `identity` describes, unchanged.
    static func matches(_ stamp: FileStamp, _ identity: FileIdentity) -> Bool {
        stamp.device == identity.device && stamp.inode == identity.inode && stamp.size == identity.size
            && stamp.mtimeNanoseconds == identity.modificationTimeNanoseconds
    }
}
