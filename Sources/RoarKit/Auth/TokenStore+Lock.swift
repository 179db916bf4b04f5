import Foundation
import Glibc

extension TokenStore {
    /// Runs `body` holding an exclusive lock on `registries.json.lock` beside the file, so that
    /// two roar processes never exchange the same refresh token: the registry ends a login whose
    /// refresh token comes back, so a second exchange would log the user out. The lock is taken
    /// with non-blocking attempts and `Task.sleep` between them (no thread is blocked), for at
    /// most `timeout`; the kernel releases it if the process dies.
    public func withLock<T: Sendable>(timeout: Duration = .seconds(30), _ body: () async throws -> T) async throws -> T {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("cannot open \(lockPath)") }
        defer { close(descriptor) }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw Self.failure("cannot lock \(lockPath)") }
            guard ContinuousClock.now < deadline else {
                throw RoarError.failed("another roar has held \(lockPath) for \(timeout) while refreshing a login; try again")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
