import Foundation
import LineageModel
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct LabelRouteTests {
    @Test(arguments: StoreKind.available)
    func remoteLabelEditsAreVersionedAndConflictsAreRefused(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let bob = InMemoryEd25519Signer()
        _ = try await registry.addUser("bob", signer: bob)
        try await registry.run { client in
            let pipeline = SamplePipeline()
            let hash = try #require(try await pipeline.register(client).hash)
            let current = "/api/v1/labels/current?entity_type=artifact&artifact_hash=\(pipeline.model.prefix(16))"
            let none = try await client.get(current)
            #expect(none.status == .notFound)
            #expect(none.message == "No labels found for target")

            func reconcile(_ label: JSONValue, auth: TestRegistry.Auth = .ssh(bob)) async throws -> TestRegistry.Reply {
                try await client.send(
                    .post, "/api/v1/labels/reconcile",
                    json: [
                        "session_hash": .string(hash), "mode": "sync_user_labels", "dry_run": false, "prune": false, "labels": [label],
                    ], auth: auth)
            }
            // An unsigned edit is refused, whatever it targets.
            let unsigned = try await reconcile(["entity_type": "dag", "base_version": 0, "metadata": ["note": "x"]], auth: .none)
            #expect(unsigned.status == .unauthorized)
            let unsignedSync = try await client.send(
                .post, "/api/v1/labels/sync", json: ["labels": [["entity_type": "dag", "session_hash": .string(hash), "metadata": ["x": 1]]]])
            #expect(unsignedSync.status == .unauthorized)
            // Any signed-in user may label an anonymously published lineage; each edit is a new version.
            let set = try await reconcile([
                "entity_type": "artifact", "artifact_hash": .string(pipeline.model), "base_version": 0,
                "metadata": ["quality": "good", "owner": ["team": "ml"]],
            ])
            #expect(set.status == .ok)
            #expect(set.data["results"]?[0]?["action"] == "created")
            #expect(set.data["results"]?[0]?["version"] == 1)
            let stale = try await reconcile([
                "entity_type": "artifact", "artifact_hash": .string(pipeline.model), "base_version": 0, "metadata": ["stage": "prod"],
            ])
            #expect(stale.status == .conflict)
            let unset = try await reconcile([
                "entity_type": "artifact", "artifact_hash": .string(pipeline.model), "base_version": 1,
                "metadata": [:], "deleted_keys": ["quality"],
            ])
            #expect(unset.data["results"]?[0]?["deletedKeys"] == ["quality"])
            #expect(unset.data["deletedKeys"] == 1)

            let now = try await client.get(current, auth: .ssh(bob))
            #expect(now.data["version"] == 2)
            #expect(now.data["metadata"] == ["owner": ["team": "ml"]])
            #expect(now.data["canEdit"] == true)
            let history = try await client.get("/api/v1/labels/history?entity_type=artifact&artifact_hash=\(pipeline.model)")
            #expect(history.data["labels"]?.arrayValue?.map { $0["version"] } == [1, 2])

            let reserved = try await reconcile(["entity_type": "dag", "base_version": 0, "metadata": ["roar": ["git": "x"]]])
            #expect(reserved.status == .badRequest)
            let dag = try await reconcile(["entity_type": "dag", "base_version": 0, "metadata": ["note": "baseline"]])
            #expect(dag.status == .ok)
            #expect(try await client.get("/api/v1/labels/current?entity_type=dag&session_hash=\(hash)").data["metadata"] == ["note": "baseline"])
            let job = try await reconcile(["entity_type": "job", "job_uid": .string(pipeline.uid(2)), "metadata": ["reviewed": true]])
            #expect(job.status == .ok)
            let missingJob = try await reconcile(["entity_type": "job", "job_uid": "nope", "metadata": ["reviewed": true]])
            #expect(missingJob.status == .notFound)
            let dryRun = try await client.send(
                .post, "/api/v1/labels/reconcile",
                json: [
                    "session_hash": .string(hash), "dry_run": true, "labels": [["entity_type": "dag", "metadata": ["x": 1]]],
                ], auth: .ssh(bob))
            #expect(dryRun.data["dryRun"] == true)
            #expect(try await client.get("/api/v1/labels/current?entity_type=dag&session_hash=\(hash)").data["version"] == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func onlyTheOwnerEditsAnAttributedLineage(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let bob = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        _ = try await registry.addUser("bob", signer: bob)
        try await registry.run { client in
            let hash = try #require(try await SamplePipeline().register(client, signer: alice).hash)
            let body: JSONValue = ["session_hash": .string(hash), "labels": [["entity_type": "dag", "metadata": ["note": "x"]]]]
            #expect(try await client.send(.post, "/api/v1/labels/reconcile", json: body).status == .unauthorized)
            #expect(try await client.send(.post, "/api/v1/labels/reconcile", json: body, auth: .ssh(bob)).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/labels/reconcile", json: body, auth: .ssh(alice)).status == .ok)
            let asBob = try await client.get("/api/v1/labels/current?entity_type=dag&session_hash=\(hash)", auth: .ssh(bob))
            #expect(asBob.data["canEdit"] == false)
        }
    }

    @Test(arguments: StoreKind.available)
    func registerTimeSyncKeepsRemoteEdits(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let carol = InMemoryEd25519Signer()
        _ = try await registry.addUser("carol", signer: carol)
        try await registry.run { client in
            let pipeline = SamplePipeline()
            let first = try await pipeline.register(client)
            let hash = try #require(first.hash)
            let label: JSONValue = [
                "entity_type": "dag", "session_hash": .string(hash), "metadata": ["quality": "good", "roar": ["version": "0.4.7"]],
                "key_origins": ["quality": "user", "roar.version": "system"],
            ]
            _ = try await client.send(
                .post, "/api/v1/registration-sessions/\(first.sessionID)/labels/batch", json: ["labels": [label]], auth: first.auth)
            _ = try await client.send(
                .post, "/api/v1/labels/reconcile",
                json: [
                    "session_hash": .string(hash),
                    "labels": [["entity_type": "dag", "base_version": 1, "metadata": ["stage": "prod"], "deleted_keys": ["quality"]]],
                ], auth: .ssh(carol))
            // Re-register with the stale local document.
            let again = try await pipeline.register(client)
            let batch = try await client.send(
                .post, "/api/v1/registration-sessions/\(again.sessionID)/labels/batch", json: ["labels": [label]], auth: again.auth)
            #expect(batch.status == .ok)
            #expect(
                try await client.get("/api/v1/labels/current?entity_type=dag&session_hash=\(hash)").data["metadata"] == [
                    "stage": "prod", "roar": ["version": "0.4.7"],
                ])
            // Labels for another lineage cannot ride on this session.
            let foreign: JSONValue = [
                "labels": [["entity_type": "dag", "session_hash": .string(String(repeating: "0", count: 64)), "metadata": ["a": 1]]]
            ]
            #expect(
                try await client.send(.post, "/api/v1/registration-sessions/\(again.sessionID)/labels/batch", json: foreign, auth: again.auth).status
                    == .forbidden)
        }
    }

    /// An anonymous session labels what it published, never another publisher's artifact, even
    /// a public one it can see.
    @Test(arguments: StoreKind.available)
    func aSessionCannotLabelAnotherPublishersArtifact(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let alicePipeline = SamplePipeline(tag: "-alice-labels")
            _ = try #require(try await alicePipeline.register(client, signer: alice).hash)
            let mine = try await SamplePipeline(tag: "-anonymous-labels").register(client)
            let hash = try #require(mine.hash)
            let foreign: JSONValue = [
                "labels": [
                    [
                        "entity_type": "artifact", "session_hash": .string(hash), "artifact_hash": .string(alicePipeline.model),
                        "metadata": ["pwned": true],
                    ]
                ]
            ]
            let refused = try await client.send(.post, "/api/v1/registration-sessions/\(mine.sessionID)/labels/batch", json: foreign, auth: mine.auth)
            #expect(refused.status == .forbidden, "\(refused.json)")
            #expect(try await client.get("/api/v1/labels/current?entity_type=artifact&artifact_hash=\(alicePipeline.model)").data["metadata"] == nil)
            // Its own artifact: labelled.
            let own: JSONValue = [
                "labels": [
                    [
                        "entity_type": "artifact", "session_hash": .string(hash),
                        "artifact_hash": .string(SamplePipeline(tag: "-anonymous-labels").model), "metadata": ["ok": true],
                    ]
                ]
            ]
            #expect(
                try await client.send(.post, "/api/v1/registration-sessions/\(mine.sessionID)/labels/batch", json: own, auth: mine.auth).status == .ok
            )
        }
    }
}
