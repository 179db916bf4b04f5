import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Registering a lineage again never widens its visibility by accident: a private lineage stays
/// private when registered again without a scope, and becomes public only when its owner asks.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct RepeatedRegistrationTests {
    static let privateScope: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
    static let publicScope: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "public"]

    @Test(arguments: StoreKind.available)
    func aPrivateLineageRegisteredAgainWithoutAScopeStaysPrivate(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let pipeline = SamplePipeline(tag: "-repeat")
            let first = try await pipeline.register(client, signer: alice, scope: Self.privateScope)
            let hash = try #require(first.hash)
            let again = try await pipeline.register(client, signer: alice)
            #expect(again.hash == hash)
            #expect(again.finalize.data["visibility"] == "private")
            #expect(try await registry.store.lineage(hash: hash, visibleTo: .anonymous) == nil)
            #expect(try await client.get("/api/v1/sessions/\(hash)").status == .notFound)
            // The owner asks: public, as a new publication.
            let widened = try await pipeline.register(client, signer: alice, scope: Self.publicScope)
            #expect(widened.finalize.data["visibility"] == "public")
            #expect(try await registry.store.lineage(hash: hash, visibleTo: .anonymous)?.visibility == .public)
        }
    }

    @Test(arguments: StoreKind.available)
    func aNewLineageWithoutAScopeIsPublicAsBefore(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let registration = try await SamplePipeline(tag: "-default-public").register(client, signer: alice)
            let hash = try #require(registration.hash)
            #expect(registration.finalize.data["visibility"] == "public")
            #expect(try await registry.store.lineage(hash: hash, visibleTo: .anonymous) != nil)
        }
    }
}
