import Foundation
import LineageModel
import LineageStore
import PostgresLineageStore
import TestSupport
import Testing

/// The append-only triggers hold only against a role that cannot drop them: the owner migrates
/// and grants a runtime role reading and appending (`grantRuntimeRole`, `glaas migrate
/// --runtime-role`), and a server connects as that role (`PostgresAccess.serve`).
@Suite(.enabled(if: StoreKind.postgresURL != nil, "needs GLAAS_TEST_POSTGRES_URL (scripts/test.sh starts a cluster)"), .timeLimit(.minutes(2)))
struct PostgresRuntimeRoleTests {
    static let role = PostgresRuntimeRole.name

    /// A fresh schema migrated by its owner, and the runtime role's URL for it.
    static func schema() async throws -> (owner: PostgresStore, ownerURL: String, runtimeURL: String) {
        let ownerURL = try await StoreKind.makeScratchPostgresURL()
        let owner = try await PostgresStore(url: ownerURL + "&max_connections=2")
        try await owner.grantRuntimeRole(role)
        return (owner, ownerURL, try PostgresRuntimeRole.url(forOwnerURL: ownerURL) + "&max_connections=2")
    }

    /// Fails unless `role` lacks `privilege` on `table` (checked by the owner in the catalog).
    static func expectNoPrivilege(_ privilege: String, on table: String, as owner: PostgresStore) async {
        await #expect(throws: Never.self, "\(role) has \(privilege) on \(table)") {
            try await owner.execute(
                sql: "DO $$ BEGIN IF has_table_privilege('\(role)', '\(table)', '\(privilege)') THEN RAISE EXCEPTION 'granted'; END IF; END $$")
        }
    }

    @Test func theRuntimeRoleServesAndAppendsButCannotRewriteHistory() async throws {
        let (owner, _, runtimeURL) = try await Self.schema()
        defer { owner.shutdown() }
        let runtime = try await PostgresStore(url: runtimeURL, access: .serve(allowOwner: false))
        defer { runtime.shutdown() }
        let facts = try await runtime.sessionFacts()
        #expect(facts.role == Self.role && !facts.mayAlterSchema, "\(facts)")

        let published = try await runtime.publish(LineagePublication(lineage: Sample.pipeline(), visibility: .public, ownerUserID: nil), closing: nil)
        #expect(try await runtime.lineage(hash: published.receipt.lineageHash, visibleTo: .anonymous) != nil)

        for table in RegistrySchema.historyTables {
            for privilege in ["UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"] {
                await Self.expectNoPrivilege(privilege, on: table, as: owner)
            }
        }
        for table in ["users", "user_keys", "glaas_migrations"] {
            for privilege in ["INSERT", "UPDATE", "DELETE"] { await Self.expectNoPrivilege(privilege, on: table, as: owner) }
        }
        // What only an owner may do, refused to the runtime role whatever the triggers say.
        for sql in [
            "ALTER TABLE artifacts DISABLE TRIGGER artifacts_append_only", "DROP TRIGGER labels_append_only ON labels", "DROP TABLE labels CASCADE",
            "CREATE TABLE stray (n BIGINT)", "DELETE FROM glaas_migrations", "UPDATE users SET name = name",
            "INSERT INTO users (id, name, created_at) VALUES ('x', 'mallory', 0)",
        ] {
            let error = await #expect(throws: (any Error).self, "\(sql)") { try await runtime.execute(sql: sql) }
            #expect(
                String(describing: error).contains("42501") || String(describing: error).contains("permission denied")
                    || String(describing: error).contains("must be owner"), "\(sql): \(String(describing: error))")
        }
        #expect(try await owner.count(table: "lineages") == 1)
        #expect(try await owner.appliedMigrations().count == RegistryMigration.allCases.count)
    }

    @Test func serveRefusesARoleThatCouldAlterTheSchemaUnlessAllowed() async throws {
        let (owner, ownerURL, _) = try await Self.schema()
        defer { owner.shutdown() }
        let error = await #expect(throws: LineageStoreError.self) {
            try await PostgresStore(url: ownerURL + "&max_connections=2", access: .serve(allowOwner: false)).shutdown()
        }
        #expect(String(describing: error).contains("could drop its append-only triggers"), "\(String(describing: error))")
        let allowed = try await PostgresStore(url: ownerURL + "&max_connections=2", access: .serve(allowOwner: true))
        #expect(try await allowed.sessionFacts().mayAlterSchema)
        allowed.shutdown()
    }

    @Test func theRuntimeRoleRefusesASchemaThatIsMissingOrBehind() async throws {
        let (owner, _, runtimeURL) = try await Self.schema()
        defer { owner.shutdown() }
        try await owner.execute(sql: "DELETE FROM glaas_migrations WHERE name = '\(RegistryMigration.allCases.last!.rawValue)'")
        let behind = await #expect(throws: LineageStoreError.self) {
            try await PostgresStore(url: runtimeURL, access: .serve(allowOwner: false)).shutdown()
        }
        #expect(String(describing: behind).contains("lacks migrations \(RegistryMigration.allCases.last!.rawValue)"), "\(String(describing: behind))")

        // A schema never migrated, where the runtime role was granted nothing.
        let bare = try PostgresRuntimeRole.url(forOwnerURL: try await StoreKind.makeScratchPostgresURL()) + "&max_connections=2"
        let missing = await #expect(throws: LineageStoreError.self) {
            try await PostgresStore(url: bare, access: .serve(allowOwner: false)).shutdown()
        }
        #expect(String(describing: missing).contains("no registry schema"), "\(String(describing: missing))")
    }

    @Test func grantingRefusesUnsafeRolesBadNamesAndUnknownTables() async throws {
        let (owner, _, _) = try await Self.schema()
        defer { owner.shutdown() }
        let ownerRole = try await owner.sessionFacts().role
        for name in [ownerRole, "x\"; DROP TABLE labels; --", "", "Glaas", "a-b", "1abc", String(repeating: "a", count: 64)] {
            let error = await #expect(throws: LineageStoreError.self, "\(name)") { try await owner.grantRuntimeRole(name) }
            if case .invalid? = error {} else { Issue.record("\(name): expected invalid, got \(String(describing: error))") }
        }
        // A broader grant made by hand is taken back by the next grant.
        try await owner.execute(sql: "GRANT UPDATE, DELETE ON artifacts TO \(Self.role)")
        try await owner.grantRuntimeRole(Self.role)
        await Self.expectNoPrivilege("UPDATE", on: "artifacts", as: owner)
        // A table the registry does not know is not silently granted or left out.
        try await owner.execute(sql: "CREATE TABLE stray (n BIGINT)")
        let error = await #expect(throws: LineageStoreError.self) { try await owner.grantRuntimeRole(Self.role) }
        #expect(String(describing: error).contains("stray"), "\(String(describing: error))")
        #expect(try await owner.count(table: "labels") >= 0)
    }
}
