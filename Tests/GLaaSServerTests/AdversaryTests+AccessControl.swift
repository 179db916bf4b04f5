import Foundation
import GLaaSServer
import LineageModel
import LineageStore
import SSHSignatures
import TestSupport
import Testing

/// Attack 10: keys that cannot be revoked; and `--no-anonymous`.
extension AdversaryTests {
    /// What `glaas users remove-key` and `glaas users disable` do (the store calls they make),
    /// in the middle of a signed registration and between label edits: the removed key cannot
    /// finish the registration, nothing is published until a valid key does; a disabled account
    /// edits no label, opens no session and reads nothing signed until it is enabled again.
    @Test(arguments: StoreKind.available)
    func aRemovedKeyOrADisabledAccountCannotFinishWhatItStarted(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let first = InMemoryEd25519Signer()
        let second = InMemoryEd25519Signer()
        let alice = try await registry.addUser("alice", signer: first)
        let key = try SSHPublicKey(openSSHLine: second.publicKeyLine)
        try await registry.store.addKey(
            UserKey(
                fingerprint: key.fingerprint, userID: alice.id, keyType: key.algorithm.rawValue,
                publicKeyBase64: Data(key.blob).base64EncodedString(),
                comment: nil, createdAt: Date()))
        let pipeline = SamplePipeline(tag: "-revoked")
        try await registry.run { client in
            let created = try await client.send(.post, "/api/v1/registration-sessions", auth: .ssh(first))
            let id = try #require(created.data["registration_session_id"]?.stringValue)
            let base = "/api/v1/registration-sessions/\(id)"
            #expect(try await client.send(.post, "\(base)/jobs/batch", json: ["jobs": pipeline.jobs], auth: .ssh(first)).status == .created)
            #expect(try await registry.store.removeKey(fingerprint: first.fingerprint, ofUser: alice.id))
            let artifacts = try await client.send(.post, "\(base)/artifacts/batch", json: ["artifacts": pipeline.artifacts], auth: .ssh(first))
            #expect(artifacts.status == .unauthorized)
            let refused = try await client.send(.post, "\(base)/finalize", json: pipeline.finalizeBody, auth: .ssh(first))
            #expect(refused.status == .unauthorized)
            #expect(try await registry.store.count(table: "lineages") == 0)
            #expect(try await registry.store.stagedLineage(sessionID: id).artifacts.isEmpty)
            // The control: her other key finishes the session, which is hers.
            let finished = try await client.send(.post, "\(base)/finalize", json: pipeline.finalizeBody, auth: .ssh(second))
            let hash = try #require(finished.data["published_session_hash"]?.stringValue, "\(finished.json)")

            let path = Self.labelEditPath
            #expect(try await client.send(.post, path, body: Self.dagLabelEdit(hash, ["state": "before"]), auth: .ssh(second)).status == .ok)
            let label = try await Self.dagLabel(client, hash, as: .none)
            let sessions = try await registry.store.count(table: "registration_sessions")
            try await registry.store.setDisabled(true, userID: alice.id)
            let edit = try await client.send(.post, path, body: Self.dagLabelEdit(hash, ["state": "disabled"]), auth: .ssh(second))
            #expect(edit.status == .unauthorized && edit.message?.contains("disabled") == true, "\(edit.json)")
            #expect(try await client.send(.post, "/api/v1/registration-sessions", auth: .ssh(second)).status == .unauthorized)
            #expect(try await client.get("/api/v1/sessions/\(hash)", auth: .ssh(second)).status == .unauthorized)
            #expect(try await Self.dagLabel(client, hash, as: .none).json == label.json)
            #expect(try await registry.store.count(table: "registration_sessions") == sessions)
            try await registry.store.setDisabled(false, userID: alice.id)
            #expect(try await client.send(.post, path, body: Self.dagLabelEdit(hash, ["state": "enabled"]), auth: .ssh(second)).status == .ok)
            #expect(try await Self.dagLabel(client, hash, as: .none).data["metadata"] == ["state": "enabled"])
        }
    }

    /// `glaas serve --no-anonymous`: with no signature, no read route (v1, graph API, web, labels)
    /// answers, and no write (an anonymous session, an OpenLineage event with or without a
    /// producer key, a label edit) is accepted or writes anything; health and metrics stay open,
    /// and a signed user publishes and reads (the control).
    @Test(arguments: StoreKind.available)
    func aRegistryWithoutAnonymousAccessAnswersNoUnsignedRequest(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind, configuration: GLaaSConfiguration(port: 8765, requireSignature: true))
        let alice = InMemoryEd25519Signer()
        try await registry.addUser("alice", signer: alice)
        let pipeline = SamplePipeline(tag: "-no-anonymous")
        try await registry.run { client in
            let hash = try #require(try await pipeline.register(client, signer: alice).hash)
            #expect(try await client.get("/api/v1/sessions/\(hash)", auth: .ssh(alice)).status == .ok)
            let written = try await Self.counts(registry.store, Self.writtenTables)
            for route in Self.readRoutes(hash: hash, pipeline: pipeline) {
                let reply = try await client.get(route)
                #expect(reply.status == .unauthorized, "\(route): \(reply.status)")
                #expect(!Self.text(reply).contains(pipeline.model), "\(route) shows the artifact")
            }
            let anonymousSession = try await client.send(.post, "/api/v1/registration-sessions", json: ["mode": "anonymous_public"])
            #expect(anonymousSession.status == .unauthorized)
            let event = OpenLineageProducerKeyTests.event("COMPLETE", run: "6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f", outputs: ["/data/out.csv"])
            for key in [nil, String(repeating: "k3y", count: 12)] {
                #expect(try await Self.sendAnonymously(client, event, key: key).status == .unauthorized)
            }
            let label = try await client.send(.post, Self.labelEditPath, body: Self.dagLabelEdit(hash, ["x": 1]))
            #expect(label.status == .unauthorized)
            #expect(try await Self.counts(registry.store, Self.writtenTables) == written)
            #expect(try await client.get("/api/v1/health").status == .ok)
            #expect(try await client.get("/metrics").status == .ok)
        }
    }

    /// A `RegistrationSession` header is not a signature: on a registry without anonymous access
    /// it opens no anonymous session and reads nothing, whatever token it carries.
    @Test(arguments: StoreKind.available)
    func aRegistrationSessionHeaderIsNoSignatureWithoutAnonymousAccess(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind, configuration: GLaaSConfiguration(port: 8765, requireSignature: true))
        let alice = InMemoryEd25519Signer()
        try await registry.addUser("alice", signer: alice)
        let pipeline = SamplePipeline(tag: "-token-header")
        try await registry.run { client in
            let hash = try #require(try await pipeline.register(client, signer: alice).hash)
            let forged = TestRegistry.Auth.token("not-a-session")
            for route in Self.readRoutes(hash: hash, pipeline: pipeline) {
                let reply = try await client.get(route, auth: forged)
                #expect(reply.status == .unauthorized, "\(route): \(reply.status)")
            }
            let written = try await Self.counts(registry.store, Self.writtenTables)
            let session = try await client.send(.post, "/api/v1/registration-sessions", json: ["mode": "anonymous_public"], auth: forged)
            #expect(session.status == .unauthorized, "\(session.json)")
            #expect(try await Self.counts(registry.store, Self.writtenTables) == written)
        }
    }

    /// Read routes that name a signed user's public lineage, its artifact and its label.
    static func readRoutes(hash: String, pipeline: SamplePipeline) -> [String] {
        [
            "/api/v1/sessions/\(hash)", "/api/v1/sessions?limit=10", "/api/v1/artifacts/\(pipeline.model)",
            "/api/v1/public/artifacts/\(pipeline.model)", "/api/v1/jobs/\(hash)/\(pipeline.uid(2))",
            "/api/v1/labels/current?entity_type=dag&session_hash=\(hash)", "/api/graph/v1/lineages/\(hash)",
            "/api/graph/v1/artifacts/\(pipeline.model)/upstream", "/api/graph/v1/artifacts?path=demo", "/web/dag/\(hash)",
            "/web/artifacts/\(pipeline.model)", "/web/search?q=demo", "/",
        ]
    }
}
