import Foundation
import LineageModel
import LineageStore
import SSHSignatures
import TestSupport
import Testing

/// Attack 9: append-only that SQL can bypass.
extension AdversaryTests {
    /// The rewrites of the issue: a private publication flipped to public, an artifact's size,
    /// a label document. Column → new value (SQL literals).
    static let rewrites: [(table: String, values: [String: String])] = [
        ("publications", ["visibility": "'public'", "owner_user_id": "NULL"]), ("artifacts", ["size": "666"]),
        ("labels", ["document": #"'{"note":"forged"}'"#]),
    ]

    /// Every SQL form of rewriting `table`'s rows with `values`: UPDATE, DELETE, an UPSERT, and
    /// on SQLite `INSERT OR REPLACE` (on PostgreSQL TRUNCATE).
    static func rewritingStatements(_ kind: StoreKind, table: String, columns: [String], values: [String: String]) -> [String] {
        let list = columns.joined(separator: ", ")
        let selected = columns.map { values[$0] ?? $0 }.joined(separator: ", ")
        let set = values.keys.sorted().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let update = "UPDATE \(table) SET " + values.keys.sorted().map { "\($0) = \(values[$0]!)" }.joined(separator: ", ")
        switch kind {
        case .sqlite:
            return [
                update, "DELETE FROM \(table)", "INSERT OR REPLACE INTO \(table) (\(list)) SELECT \(selected) FROM \(table)",
                "REPLACE INTO \(table) (\(list)) SELECT \(selected) FROM \(table)",
                "INSERT INTO \(table) (\(list)) SELECT \(selected) FROM \(table) WHERE true ON CONFLICT DO UPDATE SET \(set)",
            ]
        case .postgres:
            return [
                update, "DELETE FROM \(table)", "TRUNCATE \(table) CASCADE",
                "INSERT INTO \(table) (\(list)) OVERRIDING SYSTEM VALUE SELECT \(selected) FROM \(table) ON CONFLICT (id) DO UPDATE SET \(set)",
            ]
        }
    }

    /// What anonymous readers and the owner read of a private and a public lineage, an artifact
    /// and a label: the answers a rewrite of history would change.
    static func served(_ client: some TestHTTPClient, _ routes: [(String, TestRegistry.Auth)]) async throws -> [String] {
        var answers: [String] = []
        for (route, reader) in routes {
            let reply = try await client.get(route, auth: reader)
            answers.append("\(route) \(reply.status.code) \(CanonicalJSON.string(reply.json))")
        }
        return answers
    }

    /// A private lineage, a public one and a label, published over HTTP; then every SQL form of
    /// the issue's rewrites, sent with the store's own connection: each is refused by the
    /// database, and every route answers afterwards exactly as before.
    @Test(arguments: StoreKind.available)
    func sqlRewritesOfHistoryChangeNothingTheRegistryServes(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        try await registry.addUser("alice", signer: alice)
        let open = SamplePipeline(tag: "-sql-public")
        try await registry.run { client in
            let hidden = try #require(try await SamplePipeline(tag: "-sql-private").register(client, signer: alice, scope: Self.privateScope).hash)
            let shown = try #require(try await open.register(client).hash)
            let label = Self.dagLabelEdit(hidden, ["note": "original"])
            #expect(try await client.send(.post, Self.labelEditPath, body: label, auth: .ssh(alice)).status == .ok)
            let routes: [(String, TestRegistry.Auth)] = [
                ("/api/v1/sessions/\(hidden)", .none), ("/api/v1/sessions/\(hidden)", .ssh(alice)), ("/api/v1/sessions/\(shown)", .none),
                ("/api/v1/artifacts/\(open.model)", .none), ("/api/graph/v1/artifacts/\(open.model)", .none),
                ("/api/v1/labels/current?entity_type=dag&session_hash=\(hidden)", .ssh(alice)),
            ]
            let before = try await Self.served(client, routes)
            #expect(before[0].contains(" 404 ") && before[1].contains(" 200 ") && before[5].contains("original"), "\(before)")
            let counts = try await Self.counts(registry.store, Self.rewrites.map(\.table))
            let columns = try await registry.store.tableColumns()
            for (table, values) in Self.rewrites {
                let names = try #require(columns[table], "no table \(table)")
                #expect(Set(values.keys).isSubset(of: Set(names)), "\(table) has no column \(values.keys.sorted())")
                for sql in Self.rewritingStatements(kind, table: table, columns: names, values: values) {
                    let error = await #expect(throws: (any Error).self, "\(sql)") { try await registry.store.execute(sql: sql) }
                    #expect(String(describing: error).contains("append-only"), "\(sql): \(String(describing: error).prefix(300))")
                }
            }
            #expect(try await Self.counts(registry.store, Self.rewrites.map(\.table)) == counts)
            #expect(try await Self.served(client, routes) == before)
        }
    }

    /// The same rewrites from another SQLite connection, as an operator's `sqlite3` shell opens
    /// the database (without the store's `PRAGMA recursive_triggers = ON`, which the delete
    /// triggers rely on to refuse REPLACE): refused, and nothing the registry serves changes.
    @Test(.enabled(if: ChildProcess.locate("sqlite3", path: ProcessInfo.processInfo.environment["PATH"]) != nil, "needs the sqlite3 shell"))
    func aSQLiteShellCannotReplaceHistoryRows() async throws {
        let sqlite = try #require(ChildProcess.locate("sqlite3", path: ProcessInfo.processInfo.environment["PATH"]), "no sqlite3 on PATH")
        let location = try await StoreKind.sqlite.makeLocation()
        let store = try await StoreKind.sqlite.open(location)
        let alice = InMemoryEd25519Signer()
        try await Self.addUser(store, "alice", signer: alice)
        let open = SamplePipeline(tag: "-shell-public")
        try await Self.serve(store) { client in
            let hidden = try #require(try await SamplePipeline(tag: "-shell-private").register(client, signer: alice, scope: Self.privateScope).hash)
            _ = try #require(try await open.register(client).hash)
            let label = Self.dagLabelEdit(hidden, ["note": "original"])
            #expect(try await client.send(.post, Self.labelEditPath, body: label, auth: .ssh(alice)).status == .ok)
            let routes: [(String, TestRegistry.Auth)] = [
                ("/api/v1/sessions/\(hidden)", .none), ("/api/v1/artifacts/\(open.model)", .none),
                ("/api/v1/labels/current?entity_type=dag&session_hash=\(hidden)", .ssh(alice)),
            ]
            let before = try await Self.served(client, routes)
            let columns = try await store.tableColumns()
            for (table, values) in Self.rewrites {
                let names = try #require(columns[table], "no table \(table)")
                let sql =
                    "INSERT OR REPLACE INTO \(table) (\(names.joined(separator: ", "))) SELECT "
                    + names.map { values[$0] ?? $0 }.joined(separator: ", ") + " FROM \(table);"
                let result = try await ChildProcess.run([sqlite, "-cmd", ".timeout 5000", location, sql], timeout: .seconds(30))
                #expect(result.status != 0, "sqlite3 rewrote \(table)")
            }
            #expect(try await Self.served(client, routes) == before)
        }
    }

    /// `TestRegistry.addUser` for a store the test opened itself.
    static func addUser(_ store: any RegistryStore, _ name: String, signer: any RequestSigner) async throws {
        let user = try await store.addUser(id: nil, name: name, email: nil)
        let key = try SSHPublicKey(openSSHLine: signer.publicKeyLine)
        try await store.addKey(
            UserKey(
                fingerprint: key.fingerprint, userID: user.id, keyType: key.algorithm.rawValue, publicKeyBase64: Data(key.blob).base64EncodedString(),
                comment: key.comment, createdAt: Date()))
    }
}
