import Foundation
import LineageStore
import Logging
import PostgresLineageStore
import SQLiteLineageStore
import StoreTestSupport
import Synchronization

/// A clock a test sets and moves, for a store built with it: expiry and purge without waiting.
final class ManualClock: Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        instant = Mutex(start)
    }

    var now: Date { instant.withLock { $0 } }

    /// Moves the clock forward.
    func advance(by seconds: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var storeClock: StoreClock { StoreClock { self.now } }

    /// A new, empty store of `kind` reading the time from this clock.
    func store(_ kind: StoreKind) async throws -> any RegistryStore & StoreMaintenance {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-clock-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try SQLiteStore(path: directory.appendingPathComponent("registry.sqlite").path, clock: storeClock)
        case .postgres:
            let url = try await StoreKind.makeScratchPostgresURL()
            return try await PostgresStore(url: url + "&max_connections=3", logger: Logger(label: "test"), clock: storeClock)
        }
    }
}
