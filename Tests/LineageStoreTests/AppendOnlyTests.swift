import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// History is append-only in the database itself: every history table, as the store's schema
/// lists it, refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL), whatever SQL is sent.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct AppendOnlyTests {
    @Test(arguments: StoreKind.available)
    func migrationsAreNamedAndApplied(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.appliedMigrations() == RegistryMigration.allCases.map(\.rawValue))
        #expect(
            RegistryMigration.allCases.map(\.rawValue) == [
                "v1-history", "v1-append-only-triggers", "v1-users", "v1-registration-sessions", "v2-job-aliases", "v3-query-indexes",
                "v4-path-index", "v5-command-index", "v6-user-status", "v7-lineage-facts", "v8-insert-guards", "v9-access-tokens", "v10-teams",
                "v11-git-search-indexes",
            ])
    }

    @Test(arguments: StoreKind.available)
    func everyTableIsHistoryOperationalOrDerived(kind: StoreKind) async throws {
        let store = try await kind.make()
        let tables = try await store.tableColumns().keys.sorted()
        #expect(Set(store.historyTables).isSubset(of: Set(tables)))
        #expect(Set(RegistrySchema.operationalTables).isSubset(of: Set(tables)))
        for table in tables {
            let derived = store.derivedTables.contains { table == $0 || table.hasPrefix($0 + "_") }
            #expect(store.historyTables.contains(table) || RegistrySchema.operationalTables.contains(table) || derived, "\(table) is not classified")
        }
    }

    /// A store with a row in every history table: a lineage with a composite, a view edge,
    /// sources and labels (ExportImportTests), the same content again under other job uids
    /// (aliases), and a row in each table only registries from before v7-lineage-facts wrote.
    static func everyKindOfHistory(_ kind: StoreKind) async throws -> any RegistryStore & StoreMaintenance {
        let store = try await ExportImportTests.populatedStore(kind)
        try await store.execute(sql: "INSERT INTO composites (artifact_id, component_count_total) SELECT min(id), 1 FROM artifacts")
        try await store.execute(
            sql: """
                INSERT INTO composite_components (artifact_id, position, relative_path, component_algorithm, component_digest)
                SELECT min(id), 0, 'a.txt', 'blake3', 'ab' FROM artifacts
                """)
        var again = Sample.pipeline()
        for index in again.jobs.indices { again.jobs[index].jobUID += "-again" }
        #expect(again.canonicalHash == Sample.pipeline().canonicalHash)
        _ = try await store.publish(LineagePublication(lineage: again, visibility: .public, ownerUserID: nil), closing: nil)
        return store
    }

    @Test(arguments: StoreKind.available)
    func theDatabaseRefusesToRewriteAnyHistoryTable(kind: StoreKind) async throws {
        let store = try await Self.everyKindOfHistory(kind)
        let columns = try await store.tableColumns()
        for table in store.historyTables {
            let column = try #require(columns[table]?.last, "\(table) has no columns")
            let before = try await store.count(table: table)
            #expect(before > 0, "\(table) has no row to protect")
            var statements = ["DELETE FROM \(table)", "UPDATE \(table) SET \(column) = \(column)"]
            if kind == .postgres { statements.append("TRUNCATE \(table) CASCADE") }
            for sql in statements {
                let error = await #expect(throws: (any Error).self) { try await store.execute(sql: sql) }
                #expect(String(describing: error).contains("\(table) is append-only"), "\(sql): \(String(describing: error))")
            }
            #expect(try await store.count(table: table) == before, "\(table)")
        }
    }

    /// An insert that resolves a conflict by replacing or updating the existing row is a rewrite
    /// too: SQLite's REPLACE deletes the old row (the delete trigger fires because every
    /// connection turns recursive triggers on), and an UPSERT updates it. (PostgreSQL has no
    /// REPLACE, and its UPSERT fires the update trigger.)
    @Test func conflictResolutionCannotRewriteHistoryOnSQLite() async throws {
        let store = try await Self.everyKindOfHistory(.sqlite)
        let columns = try await store.tableColumns()
        for table in store.historyTables {
            let column = try #require(columns[table]?.last, "\(table) has no columns")
            let before = try await store.count(table: table)
            for sql in [
                "INSERT OR REPLACE INTO \(table) SELECT * FROM \(table)",
                "INSERT INTO \(table) SELECT * FROM \(table) WHERE true ON CONFLICT DO UPDATE SET \(column) = excluded.\(column)",
            ] {
                let error = await #expect(throws: (any Error).self) { try await store.execute(sql: sql) }
                #expect(String(describing: error).contains("\(table) is append-only"), "\(sql): \(String(describing: error).prefix(300))")
            }
            #expect(try await store.count(table: table) == before, "\(table)")
        }
    }
}
