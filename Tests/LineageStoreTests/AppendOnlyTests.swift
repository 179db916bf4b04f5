import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct AppendOnlyTests {
    @Test(arguments: StoreKind.available)
    func migrationsAreNamedAndApplied(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.appliedMigrations() == ["v1-history", "v1-append-only-triggers", "v1-users", "v1-registration-sessions", "v2-job-aliases", "v3-query-indexes", "v4-path-index", "v5-command-index"])
    }

    static let columns = [
        ("lineages", "job_count"), ("jobs", "command"), ("artifacts", "size"), ("artifact_digests", "algorithm"),
        ("job_inputs", "path"), ("job_outputs", "path"), ("publications", "visibility"), ("lineage_artifacts", "source_url"),
        ("labels", "actor"),
    ]

    @Test(arguments: StoreKind.available, columns)
    func theDatabaseRefusesToRewriteHistory(kind: StoreKind, table: (String, String)) async throws {
        let (name, column) = table
        let store = try await kind.make()
        _ = try await store.publish(LineagePublication(lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil), closing: nil)
        _ = try await store.applyLabelChanges([LabelChange(target: LabelTarget(kind: .dag, lineageHash: Sample.pipeline().canonicalHash), kind: .sync(LabelDocument(["a": 1])))], actor: "x", dryRun: false)
        let before = try await store.count(table: name)
        #expect(before > 0)
        var statements = ["DELETE FROM \(name)", "UPDATE \(name) SET \(column) = \(column)"]
        if kind == .postgres { statements.append("TRUNCATE \(name) CASCADE") }
        for sql in statements {
            let error = await #expect(throws: (any Error).self) { try await store.execute(sql: sql) }
            #expect(String(describing: error).contains("append-only"), "\(sql): \(String(describing: error))")
        }
        #expect(try await store.count(table: name) == before)
    }
}
