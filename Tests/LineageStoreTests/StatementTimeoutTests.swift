import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// A statement that runs past the store's statement timeout is stopped and answered
/// `unavailable` (503, retry), never left running: SQLite interrupts it from its progress
/// handler, PostgreSQL cancels it (`statement_timeout`). The statement here never ends, so any
/// limit stops it, however loaded the machine.
@Suite(.everyStore, .timeLimit(.minutes(2))) struct StatementTimeoutTests {
    /// Counts for ever: a recursive query with no end, on either database.
    static let neverEnding = "WITH RECURSIVE r(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"

    /// A limit far below what the statement needs (for ever) and, on PostgreSQL, above what the
    /// store's own short statements take on a loaded machine (every statement there has it).
    static func limit(_ kind: StoreKind) -> Duration { kind == .sqlite ? .milliseconds(1) : .milliseconds(200) }

    @Test(arguments: StoreKind.available)
    func aStatementThatNeverEndsIsStoppedAndAnswersUnavailable(kind: StoreKind) async throws {
        let store = try await kind.open(try await kind.makeLocation(), statementTimeout: Self.limit(kind))
        let error = await #expect(throws: LineageStoreError.self) { try await store.execute(sql: Self.neverEnding) }
        guard case .unavailable(let message)? = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(message.contains("statement timeout"), "\(message)")
        // The connection went back to its pool in working order.
        #expect(try await store.count(table: "lineages") == 0)
    }

    @Test(arguments: StoreKind.available)
    func aWriteStoppedByTheTimeoutLeavesNothingBehindAndTheWriterWorks(kind: StoreKind) async throws {
        let store = try await kind.open(try await kind.makeLocation(), statementTimeout: Self.limit(kind))
        try await store.execute(sql: "CREATE TABLE scratch (n BIGINT)")
        await #expect(throws: LineageStoreError.self) {
            try await store.execute(sql: "INSERT INTO scratch (n) SELECT 1 FROM (\(Self.neverEnding)) x")
        }
        try await store.execute(sql: "INSERT INTO scratch (n) VALUES (1)")
        #expect(try await store.count(table: "scratch") == 1)
    }

    @Test(arguments: StoreKind.available)
    func withoutALimitMigrationsAndWorkRunAsBefore(kind: StoreKind) async throws {
        let store = try await kind.open(try await kind.makeLocation(), statementTimeout: nil)
        _ = try await store.publish(LineagePublication(lineage: Sample.pipeline(), visibility: .public, ownerUserID: nil), closing: nil)
        #expect(try await store.count(table: "lineages") == 1)
    }
}
