import Foundation
import GRDB
import LineageModel
import LineageStore

/// The embedded store: one SQLite file in WAL mode through a GRDB `DatabasePool`, so reads run
/// in parallel with the single writer.
public final class SQLiteStore: RegistryStore, StoreMaintenance {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = max(4, ProcessInfo.processInfo.activeProcessorCount * 2)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA mmap_size = 4294967296; PRAGMA wal_autocheckpoint = 8000")
        }
        self.path = path
        self.pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(pool)
    }

    /// Names of the migrations applied to this database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try SQLiteSchema.migrator.appliedMigrations(db) }
    }

    /// Runs raw SQL; for tests and maintenance only.
    public func execute(sql: String) async throws {
        try await pool.write { db in try db.execute(sql: sql) }
    }

    /// Counts the rows of a table; for tests and the benchmark.
    public func count(table: String) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"") ?? 0 }
    }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }
    static var now: Double { Date().timeIntervalSince1970 }
}
