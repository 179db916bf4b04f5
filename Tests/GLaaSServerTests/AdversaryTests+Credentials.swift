import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Attack 8: credentials published.
extension AdversaryTests {
    static let passwordURLs = [
        "https://alice:ghp_token@git.example.com/demo.git", "HTTPS://alice:ghp_token@git.example.com/demo.git",
        "git+https://alice:ghp_token@git.example.com/demo.git", "ssh://git:hunter2@git.example.com/demo.git",
        "s3://AKIAEXAMPLE:secret@bucket/data.csv",
    ]

    /// The history a refused request must not have added to.
    static let historyCounted = ["lineages", "publications", "artifacts", "lineage_artifacts", "jobs"]

    /// A signed publisher too (CredentialURLTests sends anonymously) cannot publish a URL with a
    /// password, in any spelling, as a source URL or as the git repository; nothing is staged or
    /// published. The same registration with the URL's password removed publishes (the control).
    @Test(arguments: StoreKind.available)
    func aSignedPublisherCannotPublishAURLWithAPassword(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let before = try await Self.counts(registry.store, Self.historyCounted)
            for (index, url) in Self.passwordURLs.enumerated() {
                let created = try await client.send(.post, "/api/v1/registration-sessions", auth: .ssh(alice))
                let id = try #require(created.data["registration_session_id"]?.stringValue)
                let artifact: JSONValue = [
                    "hashes": [["algorithm": "blake3", "digest": .string(TestDigest.label("credential-\(index)"))]], "size": 3,
                    "source_type": "url", "source_url": .string(url),
                ]
                let reply = try await client.send(
                    .post, "/api/v1/registration-sessions/\(id)/artifacts/batch", json: ["artifacts": [artifact]], auth: .ssh(alice))
                #expect(reply.status == .badRequest && reply.message?.contains("carries a password") == true, "\(url): \(reply.json)")
                #expect(try await registry.store.stagedLineage(sessionID: id).artifacts.isEmpty, "\(url)")

                var pipeline = SamplePipeline(tag: "-credential-\(index)")
                pipeline.gitRepo = url
                let registration = try await pipeline.register(client, signer: alice)
                #expect(registration.finalize.status == .badRequest && registration.hash == nil, "\(url): \(registration.finalize.json)")
            }
            #expect(try await Self.counts(registry.store, Self.historyCounted) == before)
            var clean = SamplePipeline(tag: "-credential-clean")
            clean.gitRepo = "https://git.example.com/demo.git"
            #expect(try await clean.register(client, signer: alice).hash != nil)
            #expect(try await registry.store.count(table: "lineages") == before["lineages"]! + 1)
        }
    }

    /// OpenLineage events carry URLs too: a dataset namespace (which becomes the artifact's source
    /// URL) and the job's source code location. With a password either is a 400, and nothing is
    /// published; without one the same event publishes (the control).
    @Test(arguments: StoreKind.available)
    func anOpenLineageEventCannotPublishAURLWithAPassword(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let base = OpenLineageProducerKeyTests.event("COMPLETE", run: "3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d", inputs: ["/data/in.csv"])
            func withDataset(_ namespace: String) -> JSONValue {
                var members = base.objectValue!
                members["outputs"] = [["namespace": .string(namespace), "name": "data.csv"]]
                return .object(members)
            }
            func withSourceLocation(_ url: String) -> JSONValue {
                var members = base.objectValue!
                members["job"] = [
                    "namespace": "demo", "name": "train",
                    "facets": ["sourceCodeLocation": ["type": "git", "url": .string(url), "repoUrl": .string(url), "version": "e1750af3d9b6"]],
                ]
                return .object(members)
            }
            for url in ["s3://AKIAEXAMPLE:secret@bucket", "https://alice:ghp_token@files.example.com"] {
                let reply = try await client.send(.post, "/api/v1/lineage", json: withDataset(url))
                #expect(reply.status == .badRequest, "dataset \(url): \(reply.status) \(reply.json)")
            }
            for url in Self.passwordURLs {
                let reply = try await client.send(.post, "/api/v1/lineage", json: withSourceLocation(url))
                #expect(reply.status == .badRequest, "source location \(url): \(reply.status) \(reply.json)")
            }
            #expect(try await registry.store.count(table: "lineages") == 0)
            #expect(try await registry.store.count(table: "artifacts") == 0)
            let clean = try await client.send(.post, "/api/v1/lineage", json: withSourceLocation("https://git.example.com/demo.git"))
            #expect(clean.status == .ok && clean.json["status"] == "published", "\(clean.json)")
            let dataset = try await client.send(.post, "/api/v1/lineage", json: withDataset("s3://bucket"))
            #expect(dataset.status == .ok && dataset.json["status"] == "published", "\(dataset.json)")
        }
    }

    /// A job's input or output path is published as recorded. When the path is a URL with a
    /// password (a remote input, `s3://KEY:SECRET@bucket/…`), the registry refuses it as it
    /// refuses such a source URL: on the v1 link routes and in an OpenLineage dataset whose
    /// `glaas_artifact` facet names the path.
    @Test(arguments: StoreKind.available)
    func aJobPathThatIsAURLWithAPasswordIsRefused(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let url = "s3://AKIAEXAMPLE:secret@bucket/data.csv"
            let pipeline = SamplePipeline(tag: "-credential-path")
            let (id, auth) = try await client.openAnonymousSession()
            let base = "/api/v1/registration-sessions/\(id)"
            _ = try await client.send(.post, "\(base)/jobs/batch", json: ["jobs": pipeline.jobs], auth: auth)
            _ = try await client.send(.post, "\(base)/artifacts/batch", json: ["artifacts": pipeline.artifacts], auth: auth)
            let link = try await client.send(
                .post, "\(base)/jobs/\(pipeline.uid(1))/outputs", json: ["artifacts": [["hash": .string(pipeline.data), "path": .string(url)]]],
                auth: auth)
            #expect(link.status == .badRequest, "v1 link: \(link.status) \(link.json)")
            #expect(try await registry.store.stagedLineage(sessionID: id).jobs.allSatisfy { $0.outputs.isEmpty })

            var event = OpenLineageProducerKeyTests.event("COMPLETE", run: "4b5c6d7e-8f9a-4b0c-9d1e-2f3a4b5c6d7e").objectValue!
            event["outputs"] = [
                [
                    "namespace": "s3://bucket", "name": "data.csv",
                    "facets": [
                        "glaas_artifact": ["digests": [["algorithm": "blake3", "digest": .string(pipeline.data)]], "path": .string(url)]
                    ],
                ]
            ]
            let reply = try await client.send(.post, "/api/v1/lineage", json: .object(event))
            #expect(reply.status == .badRequest, "OpenLineage facet path: \(reply.status) \(reply.json)")
            #expect(try await registry.store.count(table: "lineages") == 0)
        }
    }
}
