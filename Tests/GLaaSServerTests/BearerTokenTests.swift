import Foundation
import GLaaSServer
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Bearer tokens an operator issues (issue 14, first part): a live token reads and publishes as
/// its user, on both stores; an unknown, expired or revoked one gets one answer, a disabled
/// account's is refused at once; only the secret's hash is stored; many clients at once.
@Suite(.timeLimit(.minutes(5))) struct BearerTokenTests {
    static func bearer(_ secret: String) -> TestRegistry.Auth { .header("Bearer \(secret)") }

    @Test(arguments: StoreKind.available)
    func aLiveTokenActsAsItsUserAndOthersGetOneAnswer(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let user = try await registry.addUser("alice", signer: alice)
        let (secret, _) = try await BearerSecret.issue(for: user, name: "ci", days: 30, in: registry.store)
        let pipeline = SamplePipeline(tag: "-bearer")
        try await registry.run { client in
            // Publishes privately with the token, and reads it back with the token or the key.
            let scope: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
            let hash = try #require(try await pipeline.register(client, as: Self.bearer(secret), scope: scope).hash)
            #expect(try await registry.store.isOwner(.user(id: user.id), ofLineage: hash))
            for auth in [Self.bearer(secret), .ssh(alice)] {
                #expect(try await client.get("/api/v1/artifacts/\(pipeline.model)", auth: auth).status == .ok)
            }
            #expect(try await client.get("/api/v1/public/artifacts/\(pipeline.model)").status == .notFound)
            let context = try await client.get("/api/v1/auth/access-context", auth: Self.bearer(secret))
            #expect(context.data["user"]?["id"] == .string(user.id) && context.data["user"]?["username"] == "alice")
            #expect(context.data["owners"]?[0]?["type"] == "user" && context.data["auth_method"] == "bearer")
            #expect(try await client.get("/api/v1/user/access-context", auth: Self.bearer(secret)).data["user"]?["id"] == .string(user.id))
            #expect(try await client.get("/api/v1/auth/me", auth: Self.bearer(secret)).data["authMethod"] == "bearer")
            #expect(try await client.get("/api/v1/auth/access-context").status == .unauthorized)

            // Unknown, expired and revoked tokens: one answer, byte for byte.
            let expired = AccessToken(
                id: "expired-token", userID: user.id, name: "old", createdAt: Date(timeIntervalSinceNow: -7200),
                expiresAt: Date(timeIntervalSinceNow: -3600))
            try await registry.store.addToken(expired, secretHash: BearerSecret.hash("glaas_expired-secret"))
            let (revokedSecret, _) = try await BearerSecret.issue(for: user, name: "laptop", days: nil, in: registry.store)
            #expect(try await client.get("/api/v1/auth/me", auth: Self.bearer(revokedSecret)).status == .ok)
            #expect(try await registry.store.revokeTokens(named: "laptop", ofUser: user.id) == 1)
            let answers = try await [
                "glaas_" + String(repeating: "0", count: 64), "glaas_expired-secret", revokedSecret, "", String(repeating: "x", count: 600),
            ].asyncMap { try await client.get("/api/v1/artifacts/\(pipeline.model)", auth: Self.bearer($0)) }
            #expect(answers.allSatisfy { $0.status == .unauthorized }, "\(answers.map(\.status))")
            #expect(Set(answers.dropLast(2).map { CanonicalJSON.string($0.json) }).count == 1)

            // A disabled account's live token is refused at once, and works again when enabled.
            try await registry.store.setDisabled(true, userID: user.id)
            let refused = try await client.get("/api/v1/auth/me", auth: Self.bearer(secret))
            #expect(refused.status == .unauthorized && refused.message?.contains("disabled") == true)
            try await registry.store.setDisabled(false, userID: user.id)

            // Many clients at once with the same token.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        let path = index % 2 == 0 ? "/api/v1/artifacts/\(pipeline.model)" : "/api/v1/auth/access-context"
                        return try await client.get(path, auth: Self.bearer(secret)).status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 24 && statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        }
    }

    @Test(arguments: StoreKind.available)
    func tokensAreNamedOncePerUserAndStoredAsHashes(kind: StoreKind) async throws {
        let location = try await kind.makeLocation()
        let store = try await kind.open(location)
        let user = try await store.addUser(name: "ci-bot", email: nil)
        let (secret, token) = try await BearerSecret.issue(for: user, name: "nightly", days: 7, in: store)
        #expect(secret.hasPrefix("glaas_") && secret.utf8.count == 70)
        let found = try await store.token(secretHash: BearerSecret.hash(secret))
        #expect(found?.0.id == user.id && found?.1.id == token.id && found?.1.name == "nightly", "\(String(describing: found)) vs \(token)")
        #expect(try await store.token(secretHash: secret) == nil)
        await #expect(throws: LineageStoreError.self) { try await BearerSecret.issue(for: user, name: "nightly", days: 7, in: store) }
        #expect(try await store.revokeTokens(named: "nightly", ofUser: user.id) == 1)
        #expect(try await store.revokeTokens(named: "nightly", ofUser: user.id) == 0)
        _ = try await BearerSecret.issue(for: user, name: "nightly", days: nil, in: store)
        #expect(try await store.tokens(ofUser: user.id).map { $0.revokedAt == nil } == [true, false])
        let ghost = User(id: "nobody", name: "nobody", email: nil, createdAt: Date())
        await #expect(throws: LineageStoreError.self) { try await BearerSecret.issue(for: ghost, name: "x", days: nil, in: store) }
        if kind == .sqlite {
            // The secret is nowhere in the database file: only its hash.
            let bytes =
                try Data(contentsOf: URL(fileURLWithPath: location)) + ((try? Data(contentsOf: URL(fileURLWithPath: location + "-wal"))) ?? Data())
            #expect(bytes.range(of: Data(secret.utf8)) == nil)
            #expect(bytes.range(of: Data(BearerSecret.hash(secret).utf8)) != nil)
        }
    }
}

extension Array {
    /// Maps one element after another with an async transform.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
