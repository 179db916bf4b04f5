import Foundation
import LineageModel
import TestSupport
import Testing

/// Attacks 1-3 of issue 13 over HTTP, with a digest shared between a private lineage and an
/// anonymous attacker's public one: the attacker registers the bytes first with fake facts,
/// labels them, and reads everything it can. The private lineage's size, alias digest, source,
/// label, hash and owner reach nobody but its owner on any route; the attacker's statements
/// never replace the owner's and are shown to the owner as conflicts; label writes land only in
/// a lineage the writer may edit.
@Suite(.timeLimit(.minutes(5))) struct SharedDigestAttackTests {
    static let (secretAlias, wellKnown) = (TestDigest.label("sha256:alice-secret"), TestDigest.label("sha256:well-known"))

    @Test(arguments: StoreKind.available)
    func aSharedDigestLeaksNothingAndTheFirstWriterWinsNothing(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let (alice, bob) = (InMemoryEd25519Signer(), InMemoryEd25519Signer())
        let owner = try await registry.addUser("alice", signer: alice)
        _ = try await registry.addUser("bob", signer: bob)
        var secret = SamplePipeline(tag: "-shared-secret")
        secret.artifactFacts[secret.model] = [
            "hashes": [["algorithm": "blake3", "digest": .string(secret.model)], ["algorithm": "sha256", "digest": .string(Self.secretAlias)]],
            "size": 53, "source_type": "s3", "source_url": "s3://alice-private/model.json",
        ]
        var attacker = SamplePipeline(tag: "-shared-attacker")
        attacker.sharedDigests["model.json"] = secret.model
        attacker.artifactFacts[secret.model] = [
            "hashes": [["algorithm": "blake3", "digest": .string(secret.model)], ["algorithm": "sha256", "digest": .string(Self.wellKnown)]],
            "size": 1, "source_type": "s3", "source_url": "s3://attacker/model.json",
        ]
        let (model, v1, graph) = (secret.model, "/api/v1", "/api/graph/v1")
        try await registry.run { [secret, attacker] client in
            // The attacker publishes first, then alice privately.
            let planted = try await attacker.register(client)
            let attackerHash = try #require(planted.hash)
            let scope: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
            let privateHash = try #require(try await secret.register(client, signer: alice, scope: scope).hash)
            let aliceLabel = try await client.send(
                .post, "\(v1)/labels/reconcile",
                json: [
                    "session_hash": .string(privateHash),
                    "labels": [
                        ["entity_type": "artifact", "artifact_hash": .string(model), "base_version": 0, "metadata": ["stage": "secret-stage"]]
                    ],
                ], auth: .ssh(alice))
            #expect(aliceLabel.status == .ok, "\(aliceLabel.json)")

            // Attack 1: label writes. Unsigned: refused. Bob: only into the anonymous lineage's
            // scope, never alice's (which he cannot even name). The attacker's session: its own lineage only.
            let unsigned = try await client.send(
                .post, "\(v1)/labels/sync",
                json: [
                    "labels": [
                        ["entity_type": "artifact", "session_hash": .string(privateHash), "artifact_hash": .string(model), "metadata": ["x": 1]]
                    ]
                ])
            #expect(unsigned.status == .unauthorized)
            let intoAlices = try await client.send(
                .post, "\(v1)/labels/reconcile",
                json: [
                    "session_hash": .string(privateHash), "prune": true,
                    "labels": [["entity_type": "artifact", "artifact_hash": .string(model), "metadata": ["stage": "pwned"]]],
                ], auth: .ssh(bob))
            #expect(intoAlices.status == .notFound, "\(intoAlices.json)")
            let bobs = try await client.send(
                .post, "\(v1)/labels/reconcile",
                json: ["labels": [["entity_type": "artifact", "artifact_hash": .string(model), "base_version": 0, "metadata": ["stage": "pwned"]]]],
                auth: .ssh(bob))
            #expect(bobs.status == .ok && bobs.data["results"]?[0]?["sessionHash"] == .string(attackerHash), "\(bobs.json)")
            let batch = try await client.send(
                .post, "\(v1)/registration-sessions/\(planted.sessionID)/labels/batch",
                json: ["labels": [["entity_type": "artifact", "artifact_hash": .string(model), "metadata": ["tag": ["pii": true]]]]],
                auth: planted.auth)
            #expect(batch.status == .ok, "\(batch.json)")

            // Alice's view: her own facts and label, the attacker's shown as conflicts, nothing lost.
            let mine = try await client.get("\(graph)/artifacts/\(model)", auth: .ssh(alice))
            #expect(mine.data["size"] == 53 && mine.data["source_url"] == "s3://alice-private/model.json")
            #expect(mine.data["digests"]?.arrayValue?.compactMap { $0["digest"]?.stringValue } == [model, Self.secretAlias])
            #expect(mine.data["label"]?["document"] == ["stage": "secret-stage"])
            let facts = Set(mine.data["conflicts"]?.arrayValue?.compactMap { $0["fact"]?.stringValue } ?? [])
            #expect(facts == ["size", "digest:sha256", "source_url"], "\(mine.json)")
            #expect(Self.text(mine).contains(attackerHash) && Self.text(mine).contains("anonymous"))
            let byAlias = try await client.get("\(v1)/artifacts/\(Self.secretAlias)", auth: .ssh(alice))
            #expect(byAlias.status == .ok && byAlias.data["hash"] == .string(model))
            let current = try await client.get(
                "\(v1)/labels/current?entity_type=artifact&artifact_hash=\(model)&session_hash=\(privateHash)", auth: .ssh(alice))
            #expect(current.data["metadata"] == ["stage": "secret-stage"] && current.data["version"] == 1)

            // Attack 2: what anonymous readers and bob get. Only the attacker's lineage's facts.
            let markers = [privateHash, Self.secretAlias, "alice-private", "secret-stage", owner.id, owner.creatorIdentity]
            let routes = [
                "\(v1)/public/artifacts/\(model)", "\(v1)/artifacts/\(model)", "\(v1)/artifacts/\(model)/dag", "\(v1)/artifacts/\(model)/lineage",
                "\(v1)/artifacts/\(model)/components", "\(v1)/labels/current?entity_type=artifact&artifact_hash=\(model)",
                "\(v1)/labels/history?entity_type=artifact&artifact_hash=\(model)", "\(graph)/artifacts/\(model)",
                "\(graph)/artifacts/\(model)/upstream", "\(graph)/artifacts/\(model)/downstream", "\(graph)/artifacts?tag=pii",
                "\(graph)/artifacts?label=stage", "\(graph)/artifacts?digest_prefix=\(model.prefix(12))", "\(graph)/artifacts",
                "/web/artifacts/\(model)", "/web/search?q=\(model.prefix(16))", "/metrics",
            ]
            // OpenLineage ingest naming the shared bytes answers about its own publication only.
            var event = OpenLineageProducerKeyTests.event("COMPLETE", run: "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f").objectValue!
            event["inputs"] = [
                [
                    "namespace": "file", "name": "model.json",
                    "facets": ["glaas_artifact": ["digests": [["algorithm": "blake3", "digest": .string(model)]], "path": "model.json"]],
                ]
            ]
            let ingested = try await OpenLineageProducerKeyTests.send(client, .object(event), key: nil)
            #expect(ingested.status.code < 300, "\(ingested.json)")
            for marker in markers where Self.text(ingested).contains(marker) {
                Issue.record("OpenLineage ingest shows \(marker) of alice's private lineage")
            }
            for (name, reader) in [("anonymous", TestRegistry.Auth.none), ("bob", .ssh(bob))] {
                for route in routes {
                    let reply = try await client.get(route, auth: reader)
                    #expect(reply.status.code < 500, "\(route) for \(name): \(reply.status)")
                    for marker in markers where Self.text(reply).contains(marker) {
                        Issue.record("\(route) shows \(marker) of alice's private lineage to \(name)")
                    }
                }
                let seen = try await client.get("\(graph)/artifacts/\(model)", auth: reader)
                #expect(seen.data["size"] == 1 && seen.data["conflicts"] == [])
                #expect(seen.data["lineages"]?.arrayValue?.contains(.string(privateHash)) == false)
                #expect(try await client.get("\(v1)/public/artifacts/\(Self.secretAlias)", auth: reader).status == .notFound)
                let search = try await client.get("\(graph)/artifacts?label=stage", auth: reader)
                #expect(search.data["items"]?.arrayValue?.count == 1, "bob's label in the attacker's lineage is found: \(search.json)")
                #expect(try await client.get("\(graph)/artifacts?label=stage=secret-stage", auth: reader).data["items"] == [])
            }
        }
    }

    /// Attack 3's alias half: a well-known digest claimed first by an anonymous publisher as an
    /// alias of its own bytes names, once a signed publisher gives it, the signed artifact.
    @Test(arguments: StoreKind.available)
    func aSquattedAliasNamesTheSignedArtifact(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let bob = InMemoryEd25519Signer()
        _ = try await registry.addUser("bob", signer: bob)
        var squatter = SamplePipeline(tag: "-squatter")
        squatter.artifactFacts[squatter.model] = [
            "hashes": [["algorithm": "blake3", "digest": .string(squatter.model)], ["algorithm": "sha256", "digest": .string(Self.wellKnown)]],
            "size": 5,
        ]
        var real = SamplePipeline(tag: "-real-owner")
        real.artifactFacts[real.model] = [
            "hashes": [["algorithm": "blake3", "digest": .string(real.model)], ["algorithm": "sha256", "digest": .string(Self.wellKnown)]],
            "size": 53,
        ]
        try await registry.run { [squatter, real] client in
            _ = try #require(try await squatter.register(client).hash)
            #expect(try await client.get("/api/v1/public/artifacts/\(Self.wellKnown)").data["hash"] == .string(squatter.model))
            _ = try #require(try await real.register(client, signer: bob).hash)
            let named = try await client.get("/api/v1/public/artifacts/\(Self.wellKnown)")
            #expect(named.data["hash"] == .string(real.model))
            #expect(named.data["hashes"]?.arrayValue?.compactMap { $0["digest"]?.stringValue } == [real.model, Self.wellKnown])
        }
    }

    static func text(_ reply: TestRegistry.Reply) -> String {
        reply.json.stringValue ?? CanonicalJSON.string(reply.json)
    }
}
