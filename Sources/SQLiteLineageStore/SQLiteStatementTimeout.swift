import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Stops any SQLite statement that has run longer than a limit, as PostgreSQL's
/// `statement_timeout` does: a runaway query must fail (503, retry) rather than hold a reader
/// connection, or the writer, for good. Each connection notes when a statement starts (SQLite's
/// statement trace) and checks the time every thousand virtual machine steps (SQLite's progress
/// handler), which interrupts the statement once the limit has passed. The statement then fails
/// with `SQLITE_INTERRUPT`, which the store answers as `LineageStoreError.unavailable`.
final class SQLiteStatementTimeout: Sendable {
    /// The limit in nanoseconds, 0 while there is none (migrations run without one).
    private let limit = Atomic<UInt64>(0)
    /// The clocks of the connections opened so far, owned here for as long as the store lives.
    private let clocks = Mutex<[StatementClock]>([])

    /// VM steps between two looks at the clock: a fraction of a millisecond of work.
    static let stepsBetweenChecks: Int32 = 1000

    /// Sets the limit; nil for none.
    func set(_ timeout: Duration?) {
        limit.store(timeout.map(Self.nanoseconds) ?? 0, ordering: .relaxed)
    }

    /// A duration in nanoseconds, at least 1 (0 means none) and at most about 270 years.
    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 1 }
        return max(1, UInt64(min(seconds, 1 << 33)) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000))
    }

    /// The limit in nanoseconds (0: none).
    var nanoseconds: UInt64 { limit.load(ordering: .relaxed) }

    /// Installs the trace and the progress handler on a new connection.
    func install(on db: Database) {
        guard let connection = db.sqliteConnection else { return }
        let clock = StatementClock(timeout: self)
        clocks.withLock { $0.append(clock) }
        let context = Unmanaged.passUnretained(clock).toOpaque()
        sqlite3_trace_v2(
            connection, UInt32(SQLITE_TRACE_STMT),
            { _, context, _, text in
                // A trigger's invocation is reported too, as an SQL comment: not a new statement.
                guard let context, text?.assumingMemoryBound(to: CChar.self).pointee != 0x2D else { return 0 }
                Unmanaged<StatementClock>.fromOpaque(context).takeUnretainedValue().started = DispatchTime.now().uptimeNanoseconds
                return 0
            }, context)
        sqlite3_progress_handler(
            connection, Self.stepsBetweenChecks,
            { context in
                guard let context else { return 0 }
                return Unmanaged<StatementClock>.fromOpaque(context).takeUnretainedValue().isOverdue ? 1 : 0
            }, context)
    }
}

/// When the statement running on one connection started. Only that connection's thread, inside
/// SQLite's callbacks, touches `started`, so it needs no lock.
final class StatementClock: @unchecked Sendable {
    unowned let timeout: SQLiteStatementTimeout
    var started = DispatchTime.now().uptimeNanoseconds

    init(timeout: SQLiteStatementTimeout) { self.timeout = timeout }

    var isOverdue: Bool {
        let limit = timeout.nanoseconds
        return limit > 0 && DispatchTime.now().uptimeNanoseconds &- started > limit
    }
}
