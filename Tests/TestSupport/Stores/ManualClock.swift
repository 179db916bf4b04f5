import Foundation
import LineageStore
import Synchronization

/// A clock a test sets and moves, for a store made with it (`StoreKind.make(clock:)`): session
/// expiry, the purge and the replay window tested without waiting.
public final class ManualClock: Sendable {
    private let instant: Mutex<Date>

    /// A clock at `start` (a fixed instant by default, so runs agree).
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        instant = Mutex(start)
    }

    /// The clock's instant.
    public var now: Date { instant.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// The clock as a store reads it.
    public var storeClock: StoreClock { StoreClock { self.now } }
}
