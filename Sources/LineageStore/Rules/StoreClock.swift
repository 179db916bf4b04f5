import Foundation

/// Where a store reads the time: session expiry, the purge of abandoned sessions, the replay
/// window of signatures and every `created_at` come from it. The system clock in production; a
/// clock a test sets and moves in tests, so expiry and purge can be tested without waiting.
public struct StoreClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that answers `read()`.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The machine's clock.
    public static let system = StoreClock { Date() }

    /// The current instant.
    public var now: Date { read() }
}
