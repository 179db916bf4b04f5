import Foundation
import LineageModel
import LineageStore
import Testing

@Suite struct AppendOnlyTests {
    static func sqliteStore() throws -> SQLiteLineageStore {
        try StoreKind.sqlite.make() as! SQLiteLineageStore
    }

    @Test func migrationsAreNamedAndApplied() throws {
        #expect(try Self.sqliteStore().appliedMigrations() == ["v1-history", "v1-append-only-triggers", "v1-users", "v1-registration-sessions", "v2-job-aliases"])
    }

    static let columns = [
        ("lineages", "job_count"), ("jobs", "command"), ("artifacts", "size"), ("artifact_digests", "algorithm"),
        ("job_inputs", "path"), ("job_outputs", "path"), ("publications", "visibility"), ("lineage_artifacts", "source_url"),
        ("labels", "actor"),
    ]

    @Test(arguments: columns)
    func theDatabaseRefusesToRewriteHistory(table: String, column: String) async throws {
        let store = try Self.sqliteStore()
        _ = try await store.publish(LineagePublication(lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil), closing: nil)
        _ = try await store.applyLabelChanges([LabelChange(target: LabelTarget(kind: .dag, lineageHash: Sample.pipeline().canonicalHash), kind: .sync(LabelDocument(["a": 1])))], actor: "x", dryRun: false)
        let before = try await store.count(table: table)
        #expect(before > 0)
        for sql in ["DELETE FROM \(table)", "UPDATE \(table) SET \(column) = \(column)"] {
            let error = await #expect(throws: (any Error).self) { try await store.execute(sql: sql) }
            #expect(String(describing: error).contains("append-only"))
        }
        #expect(try await store.count(table: table) == before)
    }
}
