/// Operations for operators, tests and benchmarks, not for serving requests.
public protocol StoreMaintenance: Sendable {
    /// Names of the applied schema migrations, in order.
    func appliedMigrations() async throws -> [String]
    func count(table: String) async throws -> Int
    /// Runs raw SQL (the database enforces append-only history whatever is sent here).
    func execute(sql: String) async throws
}
