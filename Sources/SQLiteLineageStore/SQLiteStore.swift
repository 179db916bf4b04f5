import Foundation
import GRDB
import LineageModel
import LineageStore

/// The embedded store: one SQLite file in WAL mode through a GRDB `DatabasePool`, so reads run
/// in parallel with the single writer. Rows in, rows out: the rules it applies live in
/// `LineageStore` (Rules/), shared with the PostgreSQL store.
public final class SQLiteStore: RegistryStore, StoreMaintenance {
    let pool: DatabasePool
    let clock: StoreClock
    /// Stops statements that run longer than the limit given to `init`.
    let statementTimeout: SQLiteStatementTimeout
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies pending migrations; the
    /// store reads the time from `clock`. A statement running longer than `statementTimeout`
    /// (nil: no limit) is interrupted and its request answered "unavailable"; migrations run
    /// without a limit.
    public init(path: String, clock: StoreClock = .system, statementTimeout: Duration? = .seconds(10)) throws {
        let timeout = SQLiteStatementTimeout()
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = max(4, ProcessInfo.processInfo.activeProcessorCount * 2)
        configuration.prepareDatabase { db in
            timeout.install(on: db)
            try db.execute(
                sql:
                    "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384; PRAGMA recursive_triggers = ON; PRAGMA mmap_size = 4294967296; PRAGMA wal_autocheckpoint = 8000"
            )
        }
        self.path = path
        self.clock = clock
        self.statementTimeout = timeout
        self.pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(pool)
        timeout.set(statementTimeout)
    }

    /// Creates (or brings forward) the database at `path` through migration `last` only: a test
    /// of a later migration starts from data written under the earlier schema.
    package static func migrate(path: String, through last: RegistryMigration) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA recursive_triggers = ON") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(queue, upTo: last.rawValue)
        try queue.close()
    }

    /// Runs raw SQL on the database at `path` without opening (so without migrating) the store:
    /// tests write rows as an earlier schema held them.
    package static func executeBeforeOpening(path: String, sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    /// Names of the migrations applied to this database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try SQLiteSchema.migrator.appliedMigrations(db) }
    }

    /// Runs raw SQL; for tests and maintenance only.
    public func execute(sql: String) async throws {
        try await write { db in try db.execute(sql: sql) }
    }

    /// Counts the rows of a table; for tests and the benchmark.
    public func count(table: String) async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"") ?? 0 }
    }

    public func tableColumns() async throws -> [String: [String]] {
        try await read { db in
            var tables: [String: [String]] = [:]
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                tables[name] = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name])
            }
            return tables
        }
    }

    public var historyTables: [String] { RegistrySchema.historyTables + SQLiteSchema.storeHistoryTables }

    /// The trigram indexes (with FTS5's shadow tables, named after them) and GRDB's migration log.
    public var derivedTables: [String] { SQLiteSchema.searchIndexTables + ["grdb_migrations"] }

    /// The clock's instant as stored (seconds since 1970).
    var now: Double { clock.now.timeIntervalSince1970 }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// SQL that is true when lineage `lineage` (a column) has a publication `viewer` (a
    /// placeholder or expression, NULL for anonymous) may see: `PublicationVisibility` in SQL,
    /// the one visibility predicate of every SQLite query.
    static func visible(lineage: String, viewer: String) -> String {
        "EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = \(lineage) AND (p.visibility = 'public' OR \(viewer) IN \(readers("p"))))"
    }

    /// The users a private publication `p` gives access to, as a subquery: its owner when it was
    /// published to a user, the members of its project's organization when to a project. The
    /// viewer is named once in the predicates (it may be a positional placeholder), so it is
    /// tested against this set rather than spelled in each branch.
    static func readers(_ p: String) -> String {
        """
        (SELECT \(p).owner_user_id WHERE \(p).project_id IS NULL
         UNION ALL SELECT m.user_id FROM projects pr JOIN organization_members m ON m.organization_id = pr.organization_id
         WHERE pr.id = \(p).project_id)
        """
    }

    /// SQL that is true when `viewer` (not NULL) may write to lineage `lineage` and list it as
    /// theirs: a publication owned by them outside projects, or one into a project of their
    /// organizations.
    static func editable(lineage: String, viewer: String) -> String {
        "EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = \(lineage) AND \(viewer) IN \(readers("p")))"
    }
}
