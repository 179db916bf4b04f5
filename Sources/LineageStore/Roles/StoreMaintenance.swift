/// Operations for operators, tests and benchmarks, not for serving requests.
public protocol StoreMaintenance: Sendable {
    /// Names of the applied schema migrations, in order.
    func appliedMigrations() async throws -> [String]
    func count(table: String) async throws -> Int
    /// Runs raw SQL (the database enforces append-only history whatever is sent here).
    func execute(sql: String) async throws
    /// Every table of the store's schema with its column names, as the database lists them.
    func tableColumns() async throws -> [String: [String]]
    /// The tables whose rows are history here, which the database refuses to change:
    /// `RegistrySchema.historyTables` and any of the store's own.
    var historyTables: [String] { get }
    /// Tables derived from history or kept for bookkeeping (search indexes and their shadow
    /// tables, the migration log): neither history nor operational state.
    var derivedTables: [String] { get }
}
