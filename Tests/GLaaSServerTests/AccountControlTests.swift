import Foundation
import LineageStore
import TestSupport
import Testing

/// A removed key and a disabled account sign nothing from the next request on, on both stores.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct AccountControlTests {
    @Test(arguments: StoreKind.available)
    func removedKeysAndDisabledAccountsSignNothing(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let first = InMemoryEd25519Signer()
        let second = InMemoryEd25519Signer()
        let alice = try await registry.addUser("alice", signer: first)
        let mallory = try await registry.addUser("mallory", signer: second)
        try await registry.run { client in
            #expect(try await client.get("/api/v1/auth/me", auth: .ssh(first)).status == .ok)
            // Only the key's own user can lose it.
            #expect(try await !registry.store.removeKey(fingerprint: first.fingerprint, ofUser: mallory.id))
            #expect(try await client.get("/api/v1/auth/me", auth: .ssh(first)).status == .ok)
            #expect(try await registry.store.removeKey(fingerprint: first.fingerprint, ofUser: alice.id))
            #expect(try await client.get("/api/v1/auth/me", auth: .ssh(first)).status == .unauthorized)
            #expect(try await registry.store.keys(ofUser: alice.id).isEmpty)

            try await registry.store.setDisabled(true, userID: mallory.id)
            let refused = try await client.get("/api/v1/auth/me", auth: .ssh(second))
            #expect(refused.status == .unauthorized)
            #expect(refused.message?.contains("disabled") == true)
            #expect(try await registry.store.user(id: mallory.id)?.disabledAt != nil)
            try await registry.store.setDisabled(false, userID: mallory.id)
            #expect(try await client.get("/api/v1/auth/me", auth: .ssh(second)).status == .ok)
            await #expect(throws: LineageStoreError.self) { try await registry.store.setDisabled(true, userID: "no-such-user") }
        }
    }
}
