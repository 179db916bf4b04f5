import Foundation
import LineageModel
import LineageStore
import Logging
import PostgresNIO

/// The team store: PostgreSQL through PostgresNIO, behind the same `LineageStore` protocol and
/// conformance suite as the SQLite store. Any number of stateless glaas servers may share one
/// database: staging lives in the database, finalize locks its session row, and inserts that
/// may race (lineages, artifacts) are idempotent.
public final class PostgresStore: RegistryStore, StoreMaintenance {
    let client: PostgresClient
    let logger: Logger
    let runner: Task<Void, Never>
    /// How long an operation may wait for the database before answering "unavailable".
    let operationTimeout: Duration

    /// Connects to `url` (`postgres://user:password@host:port/database`, optionally
    /// `?search_path=schema`) and applies pending migrations.
    public init(url: String, logger: Logger = Logger(label: "glaas.postgres"), operationTimeout: Duration = .seconds(15)) async throws {
        let configuration = try PostgresURL.configuration(url)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.operationTimeout = operationTimeout
        let client = self.client
        self.runner = Task { await client.run() }
        do {
            try await migrate()
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
    func migrate() async throws {
        // Schema changes may wait on catalog locks far longer than a request should.
        try await write(timeout: .seconds(300)) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema(), 7315001))", logger: self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS glaas_migrations (position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at DOUBLE PRECISION NOT NULL)",
                logger: self.logger)
            let applied = Set(try await connection.query("SELECT name FROM glaas_migrations", logger: self.logger).collect().map { try $0.decode(String.self) })
            for (position, (name, sql)) in PostgresSchema.migrations.enumerated() where !applied.contains(name) {
                for statement in SQLStatements.split(sql) {
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
        try await read { connection in _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: self.logger) }
    }

    /// Counts the rows of a table; for tests and the benchmark.
    public func count(table: String) async throws -> Int {
        try await read { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \"\(table)\""), logger: self.logger)
                .collect().first.map { Int(try $0.decode(Int64.self)) } ?? 0
        }
    }

    static var now: Double { Date().timeIntervalSince1970 }
}
