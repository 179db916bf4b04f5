import Foundation
import Glibc
import Synchronization

/// Kills a command's process group if the test has not finished in time.
final class Watchdog: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let firedFlag = Mutex(false)

    init(seconds: Int = watchdogSeconds, target: @escaping @Sendable () -> Int32?) {
        Thread.detachNewThread { [self] in
            guard finished.wait(timeout: .now() + .seconds(seconds)) == .timedOut else { return }
            firedFlag.withLock { $0 = true }
            if let pid = target() {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
        }
    }

    var fired: Bool { firedFlag.withLock { $0 } }

    func cancel() {
        finished.signal()
    }
}
