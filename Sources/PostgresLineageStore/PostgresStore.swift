import Foundation
import LineageModel
import LineageStore
import Logging
import PostgresNIO

/// The team store: PostgreSQL through PostgresNIO, with the same roles, rules (`LineageStore`,
/// Rules/) and conformance suite as the SQLite store. Any number of stateless glaas servers may
/// share one database: staging lives in the database, finalize locks its session row, and
/// inserts that may race (lineages, artifacts) are idempotent.
public final class PostgresStore: RegistryStore, StoreMaintenance {
    let client: PostgresClient
    let logger: Logger
    let runner: Task<Void, Never>
    /// How long an operation may wait for the database before answering "unavailable".
    let operationTimeout: Duration
    let clock: StoreClock

    /// Connects to `url` (`postgres://user:password@host:port/database`, optionally
    /// `?search_path=schema`) and, for `.migrate`, applies pending migrations (`.serve`: see
    /// `PostgresAccess`); the store reads the time from `clock`.
    /// PostgreSQL cancels a statement running longer than `statementTimeout` and closes a
    /// connection left idle inside a transaction for `idleInTransactionTimeout` (nil: no limit);
    /// either answers "unavailable" (503). Migrations run without a statement limit.
    public init(
        url: String, logger: Logger = Logger(label: "glaas.postgres"), operationTimeout: Duration = .seconds(15), clock: StoreClock = .system,
        statementTimeout: Duration? = .seconds(10), idleInTransactionTimeout: Duration? = .seconds(30), access: PostgresAccess = .migrate
    ) async throws {
        var (configuration, probe) = try PostgresURL.configuration(url)
        try await Self.probe(probe, logger: logger)
        configuration.options.additionalStartupParameters += [
            ("statement_timeout", PostgresURL.milliseconds(statementTimeout)),
            ("idle_in_transaction_session_timeout", PostgresURL.milliseconds(idleInTransactionTimeout)),
        ]
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.operationTimeout = operationTimeout
        self.clock = clock
        let client = self.client
        self.runner = Task { await client.run() }
        do {
            try await prepare(for: access)
        } catch let error as PSQLError {
            runner.cancel()
            // Said plainly: PSQLError's own description hides everything.
            if Self.isUnavailable(error) { throw LineageStoreError.unavailable(Self.describe(error)) }
            let hint = Self.sqlState(error) == "42501" ? "; run glaas migrate as the schema's owner" : ""
            throw LineageStoreError.invalid(Self.describe(error) + hint)
        } catch {
            runner.cancel()
            throw error
        }
    }

    deinit {
        runner.cancel()
    }

    /// Stops the connection pool.
    public func shutdown() {
        runner.cancel()
    }

    /// Names of the applied migrations, in order.
    public func appliedMigrations() async throws -> [String] {
        try await read { connection in
            try await connection.query("SELECT name FROM glaas_migrations ORDER BY position", logger: self.logger)
                .collect().map { try $0.decode(String.self) }
        }
    }

    /// Applies the migrations not yet recorded, in one transaction, under an advisory lock
    /// per schema, so servers starting together on one database take turns.
    func migrate(through last: RegistryMigration? = nil) async throws {
        // Schema changes may wait on catalog locks far longer than a request should.
        try await write(timeout: .seconds(300)) { connection in
            try await connection.query("SET LOCAL statement_timeout = 0", logger: self.logger)
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema(), 7315001))", logger: self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS glaas_migrations (position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at DOUBLE PRECISION NOT NULL)",
                logger: self.logger)
            let applied = Set(
                try await connection.query("SELECT name FROM glaas_migrations", logger: self.logger).collect().map { try $0.decode(String.self) })
            let through = last.flatMap { RegistryMigration.allCases.firstIndex(of: $0) } ?? RegistryMigration.allCases.count - 1
            for (position, migration) in RegistryMigration.allCases.enumerated() where position <= through && !applied.contains(migration.rawValue) {
                let name = migration.rawValue
                for statement in SQLStatements.split(PostgresSchema.sql(for: migration)) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                try await connection.query(
                    "INSERT INTO glaas_migrations (position, name, applied_at) VALUES (\(position + 1), \(name), \(Date().timeIntervalSince1970))",
                    logger: self.logger)
            }
        }
    }

    /// Runs raw SQL; for tests and maintenance only.
    public func execute(sql: String) async throws {
        // Reads the rows through: the statement's end (or its error) arrives after them.
        try await read { connection in
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: self.logger) {}
        }
    }

    /// Counts the rows of a table; for tests and the benchmark.
    public func count(table: String) async throws -> Int {
        try await read { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \"\(table)\""), logger: self.logger)
                .collect().first.map { Int(try $0.decode(Int64.self)) } ?? 0
        }
    }

    public func tableColumns() async throws -> [String: [String]] {
        try await read { connection in
            var tables: [String: [String]] = [:]
            for row in try await connection.query(
                """
                SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position
                """,
                logger: self.logger
            ).collect() {
                let (table, column) = try row.decode((String, String).self)
                tables[table, default: []].append(column)
            }
            return tables
        }
    }

    public var historyTables: [String] { RegistrySchema.historyTables }

    /// The migration log (search indexes here are indexes, not tables).
    public var derivedTables: [String] { ["glaas_migrations"] }

    /// The clock's instant as stored (seconds since 1970).
    var now: Double { clock.now.timeIntervalSince1970 }

    /// SQL that is true when lineage `lineage` (a column) has a publication `viewer` (a
    /// placeholder, NULL for anonymous) may see: `PublicationVisibility` in SQL, the one
    /// visibility predicate of every PostgreSQL query.
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
