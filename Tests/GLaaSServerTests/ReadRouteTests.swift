import Foundation
import HTTPTypes
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct ReadRouteTests {
    @Test(arguments: StoreKind.available)
    func artifactLookupByPrefixOnBothRoutes(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let pipeline = SamplePipeline()
            let hash = try #require(try await pipeline.register(client).hash)
            let prefix = String(pipeline.model.prefix(16))

            // Anonymous readers are sent to the public route, as by the reference server.
            #expect(try await client.get("/api/v1/artifacts/\(prefix)").status == .unauthorized)
            let lookup = try await client.get("/api/v1/public/artifacts/\(prefix)")
            #expect(lookup.status == .ok)
            #expect(lookup.data["hash"]?.stringValue == pipeline.model)
            #expect(lookup.data["size"] == 53)
            #expect(lookup.data["originalSessionHash"]?.stringValue == hash)
            #expect(lookup.data["scope"]?["visibility"] == "public")
            let signed = try await client.get("/api/v1/artifacts/\(prefix)", auth: .ssh(alice))
            #expect(signed.status == .ok)
            #expect(signed.data["hash"]?.stringValue == pipeline.model)

            #expect(
                try await client.get("/api/v1/public/artifacts/\(pipeline.model.prefix(8).uppercased())").data["hash"]?.stringValue == pipeline.model)
            #expect(try await client.get("/api/v1/public/artifacts/0000000000000000").status == .notFound)
            #expect(try await client.get("/api/v1/public/artifacts/1234567").status == .badRequest)
            #expect(try await client.get("/api/v1/public/artifacts/zzzzzzzzzz").status == .badRequest)
        }
    }

    @Test(arguments: StoreKind.available)
    func anAmbiguousPrefixListsTheCandidates(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        // Two artifacts whose digests share 10 leading characters.
        let first = "abcdef0123" + String(repeating: "1", count: 54)
        let second = "abcdef0123" + String(repeating: "2", count: 54)
        let lineage = Lineage(
            git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: "anonymous",
            jobs: [
                Job(
                    jobUID: "a", command: "make", stepNumber: 1,
                    outputs: [ArtifactRef(hash: first, path: "/1"), ArtifactRef(hash: second, path: "/2")])
            ])
        _ = try await registry.store.publish(LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil), closing: nil)
        try await registry.run { client in
            let reply = try await client.get("/api/v1/public/artifacts/abcdef0123")
            #expect(reply.status == .conflict)
            #expect(Set(reply.json["candidates"]?.arrayValue?.compactMap { $0["hash"]?.stringValue } ?? []) == [first, second])
            #expect(try await client.get("/api/v1/public/artifacts/abcdef01231").data["hash"]?.stringValue == first)
        }
    }

    @Test(arguments: StoreKind.available)
    func lineageDagAndReproductionDescribeTheRecipe(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let pipeline = SamplePipeline()
            let hash = try #require(try await pipeline.register(client).hash)

            let lineage = try await client.get("/api/v1/artifacts/\(pipeline.model)/lineage")
            #expect(lineage.status == .ok)
            #expect(lineage.data["producedBy"]?["command"] == "python train.py")
            #expect(lineage.data["producedBy"]?["sessionHash"]?.stringValue == hash)
            #expect(lineage.data["consumedBy"]?.arrayValue?.map { $0["command"] } == ["python evaluate.py"])
            #expect(lineage.data["artifact"]?["hash"]?.stringValue == pipeline.model)

            let dag = try await client.get("/api/v1/artifacts/\(pipeline.metrics.prefix(12))/dag")
            #expect(dag.status == .ok)
            #expect(dag.data["jobs"]?.arrayValue?.map { $0["command"] } == ["python prepare.py", "python train.py", "python evaluate.py"])
            #expect(dag.data["gitRepo"] == "https://git.example.com/demo.git")
            #expect(dag.data["gitCommit"] == "e1750af3d9b6b41f384096e51557499b0d59a098")
            #expect(dag.data["is_external"] == false)
            #expect(dag.data["jobs"]?[0]?["metadata"]?.stringValue?.contains("roar_version") == true)

            let partial = try await client.get("/api/v1/artifacts/\(pipeline.model)/dag")
            #expect(partial.data["jobs"]?.arrayValue?.count == 2)

            let reproduction = try await client.get("/api/v1/public/sessions/\(hash)/reproduction")
            #expect(reproduction.status == .ok)
            #expect(reproduction.data["jobs"]?.arrayValue?.count == 3)
            #expect(reproduction.data["sessionHash"]?.stringValue == hash)
            #expect(try await client.get("/api/v1/public/sessions/\(String(repeating: "ab", count: 32))/reproduction").status == .notFound)

            let sessions = try await client.get("/api/v1/sessions?limit=1")
            #expect(sessions.status == .ok)
            #expect(sessions.data["total"] == 1)
            #expect(sessions.data["sessions"]?[0]?["hash"]?.stringValue == hash)
            #expect(try await client.get("/api/v1/sessions?limit=0").status == .badRequest)
        }
    }

    @Test(arguments: StoreKind.available)
    func compositesListTheirComponents(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let (id, auth) = try await client.openAnonymousSession()
            let composite = String(repeating: "c7", count: 32)
            let leaf = String(repeating: "e5", count: 32)
            let staged = try await client.send(
                .post, "/api/v1/registration-sessions/\(id)/artifacts/composites",
                json: [
                    "hash": .string(composite), "hashes": [["algorithm": "composite-blake3", "digest": .string(composite)]], "size": 994,
                    "source_type": .null, "component_count_total": 1,
                    "components": [
                        [
                            "relative_path": "part-000.csv", "leaf_kind": "file", "component_algorithm": "blake3",
                            "component_digest": .string(leaf), "component_size": 994, "component_type": "text/csv",
                        ]
                    ],
                    "membership_index": ["bloom_bits": 2048, "bloom_hashes": 7, "bloom_version": 1, "bloom_filter_base64": "AAAA"],
                ], auth: auth)
            #expect(staged.status == .created)
            _ = try await client.send(
                .post, "/api/v1/registration-sessions/\(id)/jobs/batch", json: ["jobs": [["job_uid": "j1", "command": "shard", "step_number": 1]]],
                auth: auth)
            _ = try await client.send(
                .post, "/api/v1/registration-sessions/\(id)/jobs/j1/outputs",
                json: ["artifacts": [["hash": .string(composite), "path": "/data/shards"]]], auth: auth)
            #expect(try await client.send(.post, "/api/v1/registration-sessions/\(id)/finalize", json: [:], auth: auth).status == .ok)

            let artifact = try await client.get("/api/v1/public/artifacts/\(composite.prefix(16))")
            #expect(artifact.data["isComposite"] == true)
            #expect(artifact.data["component_count"] == 1)
            let components = try await client.get("/api/v1/artifacts/\(composite)/components")
            #expect(components.data["components"]?[0]?["relativePath"] == "part-000.csv")
            #expect(components.data["components"]?[0]?["componentDigest"]?.stringValue == leaf)
        }
    }

    @Test(arguments: StoreKind.available)
    func privateLineagesAreInvisibleOnEveryReadRoute(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let bob = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        _ = try await registry.addUser("bob", signer: bob)
        try await registry.run { client in
            let pipeline = SamplePipeline(tag: "private")
            let registration = try await pipeline.register(
                client, signer: alice, scope: ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"])
            #expect(registration.finalize.data["visibility"] == "private")
            let hash = try #require(registration.hash)

            // Each route's answer to anonymous readers, to another user (bob), and to the owner. Hidden
            // is "not found", never "forbidden": a stranger learns nothing, not even that it exists.
            let model = pipeline.model
            let routes: [(path: String, anonymous: HTTPResponse.Status, stranger: HTTPResponse.Status, owner: HTTPResponse.Status)] = [
                ("/api/v1/public/artifacts/\(model)", .notFound, .notFound, .ok),
                // The signed-reader route sends anonymous readers to the public one first.
                ("/api/v1/artifacts/\(model)", .unauthorized, .notFound, .ok),
                ("/api/v1/artifacts/\(model)/lineage", .notFound, .notFound, .ok),
                ("/api/v1/artifacts/\(model)/dag", .notFound, .notFound, .ok),
                ("/api/v1/artifacts/\(model)/components", .notFound, .notFound, .ok),
                ("/api/v1/public/sessions/\(hash)/reproduction", .notFound, .notFound, .ok),
                ("/api/v1/sessions/\(hash)", .notFound, .notFound, .ok),
                // No label yet: the owner is told so; the others are told there is no such lineage.
                ("/api/v1/labels/current?entity_type=dag&session_hash=\(hash)", .notFound, .notFound, .notFound),
                ("/api/v1/labels/history?entity_type=artifact&artifact_hash=\(model)", .notFound, .notFound, .ok),
            ]
            for route in routes {
                let anonymous = try await client.get(route.path)
                #expect(anonymous.status == route.anonymous, "\(route.path) answered \(anonymous.status) to an anonymous reader")
                let stranger = try await client.get(route.path, auth: .ssh(bob))
                #expect(stranger.status == route.stranger, "\(route.path) answered \(stranger.status) to another user")
                for reply in [anonymous, stranger] where reply.status == .notFound {
                    #expect(reply.message?.hasSuffix("not found") == true, "\(route.path): \(reply.message ?? "no message")")
                }
                let owner = try await client.get(route.path, auth: .ssh(alice))
                #expect(owner.status == route.owner, "\(route.path) answered \(owner.status) to its owner")
                if route.owner == .notFound { #expect(owner.message == "No labels found for target", "\(route.path)") }
            }
            #expect(try await client.get("/api/v1/sessions?limit=5").data["total"] == 0)
            #expect(try await client.get("/api/v1/sessions?limit=5", auth: .ssh(alice)).data["total"] == 1)
        }
    }
}
