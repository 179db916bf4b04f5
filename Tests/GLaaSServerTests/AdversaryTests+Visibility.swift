import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Attack 6: visibility widened by accident.
extension AdversaryTests {
    /// A private lineage registered again (in full, or by its jobs alone as roar-cli re-registers,
    /// binding the session to the lineage) without a scope, by its owner, by another user and
    /// anonymously, and published "for" its owner by another user: it stays private, no one else
    /// learns its hash, and its publication history gains no public record until its owner asks.
    @Test(arguments: StoreKind.available)
    func aPrivateLineageIsWidenedOnlyWhenItsOwnerAsks(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let owner = try await registry.addUser("alice", signer: alice)
        let bob = InMemoryEd25519Signer()
        try await registry.addUser("bob", signer: bob)
        let pipeline = SamplePipeline(tag: "-widen")
        try await registry.run { client in
            let hash = try #require(try await pipeline.register(client, signer: alice, scope: Self.privateScope).hash)
            let first = try #require(try await registry.store.lineageRecord(hash: hash)).publications
            #expect(first.map(\.visibility) == [.private])

            // Its owner, without a scope: in full, then by its jobs alone (a bound session).
            #expect(try await pipeline.register(client, signer: alice).finalize.data["visibility"] == "private")
            let rebound = try await Self.registerJobsOnly(client, pipeline, auth: .ssh(alice))
            #expect(rebound.staged.data["existing_binding_prepared"] == true, "\(rebound.staged.json)")
            #expect(rebound.finalize.data["published_session_hash"]?.stringValue == hash, "\(rebound.finalize.json)")
            #expect(rebound.finalize.data["visibility"] == "private")
            // Others, with the same jobs: their own lineages, never bound to hers, never told her hash.
            for (name, auth) in [("bob", TestRegistry.Auth.ssh(bob)), ("anonymous", .none)] {
                let staged = try await Self.registerJobsOnly(client, pipeline, auth: auth)
                #expect(!Self.text(staged.staged).contains(hash), "\(name) was told the private hash: \(staged.staged.json)")
                #expect(staged.staged.data["existing_binding_prepared"] != true, "\(name)")
                let again = try await pipeline.register(client, signer: name == "bob" ? bob : nil, scope: name == "bob" ? Self.publicScope : nil)
                #expect(again.hash != nil && again.hash != hash, "\(name): \(again.finalize.json)")
            }
            // Bob publishing "for" alice is refused and publishes nothing.
            let lineages = try await registry.store.count(table: "lineages")
            let forAlice: JSONValue = ["owner_type": "user", "owner_id": .string(owner.id), "visibility": "public"]
            let impersonated = try await SamplePipeline(tag: "-widen-for-alice").register(client, signer: bob, scope: forAlice)
            #expect(impersonated.finalize.status == .forbidden && impersonated.hash == nil, "\(impersonated.finalize.json)")
            #expect(try await registry.store.count(table: "lineages") == lineages)

            let after = try #require(try await registry.store.lineageRecord(hash: hash)).publications
            #expect(Array(after.prefix(first.count)) == first, "the publication history was rewritten")
            #expect(after.allSatisfy { $0.visibility == .private && $0.ownerUserID == owner.id }, "\(after)")
            for reader in [TestRegistry.Auth.none, .ssh(bob)] {
                #expect(try await client.get("/api/v1/sessions/\(hash)", auth: reader).status == .notFound)
            }

            // The owner asks: one public record more, the private ones kept.
            #expect(try await pipeline.register(client, signer: alice, scope: Self.publicScope).finalize.data["visibility"] == "public")
            let widened = try #require(try await registry.store.lineageRecord(hash: hash)).publications
            #expect(widened.count == after.count + 1 && Array(widened.prefix(after.count)) == after, "\(widened)")
            #expect(widened.last?.visibility == .public && widened.last?.ownerUserID == owner.id)
            #expect(try await client.get("/api/v1/sessions/\(hash)").status == .ok)
        }
    }

    /// Stages the pipeline's jobs alone (no artifacts, no links) in a new session of `auth`
    /// (`.none`: anonymous) and finalizes it without a scope, as roar-cli re-registers.
    static func registerJobsOnly(_ client: some TestHTTPClient, _ pipeline: SamplePipeline, auth: TestRegistry.Auth) async throws -> (
        staged: TestRegistry.Reply, finalize: TestRegistry.Reply
    ) {
        let id: String
        var session = auth
        if case .none = auth {
            (id, session) = try await client.openAnonymousSession()
        } else {
            let created = try await client.send(.post, "/api/v1/registration-sessions", auth: auth)
            id = try #require(created.data["registration_session_id"]?.stringValue, "\(created.json)")
        }
        let base = "/api/v1/registration-sessions/\(id)"
        let staged = try await client.send(.post, "\(base)/jobs/batch", json: ["jobs": pipeline.jobs], auth: session)
        return (staged, try await client.send(.post, "\(base)/finalize", json: pipeline.finalizeBody, auth: session))
    }

    static func text(_ reply: TestRegistry.Reply) -> String {
        reply.json.stringValue ?? CanonicalJSON.string(reply.json)
    }
}
