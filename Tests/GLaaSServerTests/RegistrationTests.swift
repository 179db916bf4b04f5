import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct RegistrationTests {
    @Test(arguments: StoreKind.available)
    func anonymousRegistrationReturnsTheServerComputedHash(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let health = try await client.get("/api/v1/health")
            #expect(health.status == .ok)
            #expect(health.json["features"]?["registration_sessions"]?["finalize_server_authoritative_hash"] == true)

            let pipeline = SamplePipeline()
            let registration = try await pipeline.register(client)
            #expect(registration.finalize.status == .ok)
            let hash = try #require(registration.hash)
            #expect(HexString.isHash256(hash))
            #expect(registration.finalize.data["created"] == true)
            #expect(registration.finalize.data["url"]?.stringValue == "http://127.0.0.1:8765/web/dag/\(hash)")
            #expect(registration.finalize.data["counts"] == ["jobs": 3, "inputs": 2, "outputs": 3])

            // Finalize again: the same receipt.
            let again = try await client.send(
                .post, "/api/v1/registration-sessions/\(registration.sessionID)/finalize", json: pipeline.finalizeBody, auth: registration.auth)
            #expect(again.status == .ok)
            #expect(again.data["published_session_hash"]?.stringValue == hash)

            // The token keeps working after finalize, for labels/batch.
            let labels = try await client.send(
                .post, "/api/v1/registration-sessions/\(registration.sessionID)/labels/batch",
                json: [
                    "labels": [["entity_type": "dag", "session_hash": .string(hash), "metadata": ["roar": ["version": "0.4.7"], "note": "first"]]]
                ],
                auth: registration.auth)
            #expect(labels.status == .ok)
            #expect(labels.data["created"] == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func theSameLineageRegisteredAgainIsReportedAndNotDuplicated(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let pipeline = SamplePipeline()
            let first = try await pipeline.register(client)
            let hash = try #require(first.hash)

            let (id, auth) = try await client.openAnonymousSession()
            let batch = try await client.send(.post, "/api/v1/registration-sessions/\(id)/jobs/batch", json: ["jobs": pipeline.jobs], auth: auth)
            #expect(batch.status == .created)
            #expect(batch.data["already_registered_session_hashes"] == [.string(hash)])
            #expect(batch.data["existing_binding_prepared"] == true)
            #expect(batch.data["created_count"] == 0)
            let finalize = try await client.send(.post, "/api/v1/registration-sessions/\(id)/finalize", json: pipeline.finalizeBody, auth: auth)
            #expect(finalize.data["published_session_hash"]?.stringValue == hash)
            #expect(finalize.data["created"] == false)
            #expect(try await registry.store.count(table: "lineages") == 1)
            #expect(try await registry.store.count(table: "jobs") == 3)

            // A completely restaged copy also lands on the same lineage.
            let second = try await pipeline.register(client)
            #expect(second.hash == hash)
            #expect(second.finalize.data["created"] == false)
            #expect(try await registry.store.count(table: "jobs") == 3)
        }
    }

    @Test(arguments: StoreKind.available)
    func mismatchedExpectedCountsAreRejectedAndNothingIsStored(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let pipeline = SamplePipeline()
            let (id, auth) = try await client.openAnonymousSession()
            _ = try await client.send(.post, "/api/v1/registration-sessions/\(id)/jobs/batch", json: ["jobs": pipeline.jobs], auth: auth)
            var body = pipeline.finalizeBody.objectValue!
            body["expected"] = ["jobs": 3, "inputs": 9, "outputs": 0]
            let finalize = try await client.send(.post, "/api/v1/registration-sessions/\(id)/finalize", json: .object(body), auth: auth)
            #expect(finalize.status == .badRequest)
            #expect(finalize.message?.contains("Staged lineage counts did not match") == true)
            #expect(try await registry.store.count(table: "lineages") == 0)
            #expect(try await registry.store.registrationSession(id: id)?.status == .open)
        }
    }

    @Test(arguments: StoreKind.available)
    func stagedCallsNeedTheSessionsOwnCredential(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let mallory = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        _ = try await registry.addUser("mallory", signer: mallory)
        try await registry.run { client in
            let pipeline = SamplePipeline()
            let anonymous = try await client.send(.post, "/api/v1/registration-sessions", json: ["mode": "anonymous_public"])
            let id = try #require(anonymous.data["registration_session_id"]?.stringValue)
            let path = "/api/v1/registration-sessions/\(id)/jobs/batch"
            #expect(try await client.send(.post, path, json: ["jobs": pipeline.jobs]).status == .unauthorized)
            #expect(try await client.send(.post, path, json: ["jobs": pipeline.jobs], auth: .token("wrong")).status == .unauthorized)

            let signed = try await client.send(.post, "/api/v1/registration-sessions", auth: .ssh(alice))
            #expect(signed.status == .created)
            #expect(signed.data["mode"] == "authenticated")
            #expect(signed.data["registration_session_token"] == nil)
            let signedID = try #require(signed.data["registration_session_id"]?.stringValue)
            let other = try await client.send(
                .post, "/api/v1/registration-sessions/\(signedID)/jobs/batch", json: ["jobs": pipeline.jobs], auth: .ssh(mallory))
            #expect(other.status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/registration-sessions", json: [:]).status == .unauthorized)
            #expect(
                try await client.send(.post, "/api/v1/registration-sessions/no-such-session/jobs/batch", json: ["jobs": []], auth: .token("x")).status
                    == .notFound)
        }
    }
}
