import Foundation
import GLaaSServer
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageExport
import LineageStore
import StoreTestSupport
import Testing

/// `POST /api/v1/lineage`: OpenLineage RunEvents into lineages.
@Suite(.timeLimit(.minutes(5))) struct OpenLineageIngestTests {
    static let validEvent: JSONValue = [
        "eventType": "COMPLETE", "eventTime": "2026-11-27T12:00:00.250+01:00", "producer": "https://example.com/producer",
        "run": ["runId": "0d8f6b8e-6f0a-4b7e-9a37-3b6f7c1f2a10"], "job": ["namespace": "demo", "name": "train"],
        "inputs": [["namespace": "file", "name": "/data/in.csv"]], "outputs": [["namespace": "file", "name": "/data/out.csv"]],
    ]

    static func with(_ event: JSONValue, _ key: String, _ value: JSONValue?) -> JSONValue {
        var members = event.objectValue ?? [:]
        members[key] = value
        return .object(members)
    }

    @Test func badEventsAre400sWithAMessageAndWriteNothing() async throws {
        let registry = try await TestRegistry(.sqlite)
        try await registry.run { client in
            let datasetWithBadDigest: JSONValue = [[
                "namespace": "file", "name": "/x",
                "facets": ["glaas_artifact": ["digests": [["algorithm": "blake3", "digest": "xyz"]]]],
            ]]
            let bad: [(String, JSONValue)] = [
                ("no run", Self.with(Self.validEvent, "run", nil)),
                ("run id not a UUID", Self.with(Self.validEvent, "run", ["runId": "42"])),
                ("time without zone", Self.with(Self.validEvent, "eventTime", "2026-11-27T12:00:00")),
                ("unknown event type", Self.with(Self.validEvent, "eventType", "DONE")),
                ("no job", Self.with(Self.validEvent, "job", nil)),
                ("inputs not an array", Self.with(Self.validEvent, "inputs", "x")),
                ("bad digest", Self.with(Self.validEvent, "outputs", datasetWithBadDigest)),
            ]
            for (label, event) in bad {
                let reply = try await client.send(.post, "/api/v1/lineage", json: event)
                #expect(reply.status == .badRequest, "\(label): \(reply.status) \(reply.json)")
                #expect(reply.message?.isEmpty == false, "\(label)")
            }
            let malformed = try await client.send(.post, "/api/v1/lineage", body: Array("{\"eventType\":".utf8))
            #expect(malformed.status == .badRequest && malformed.message?.contains("Malformed JSON") == true)
            let token = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent, auth: .token("abc"))
            #expect(token.status == .unauthorized)
            #expect(try await registry.store.count(table: "lineages") == 0)
            #expect(try await registry.store.count(table: "registration_sessions") == 0)

            // The valid event itself publishes a one-job lineage, with name-based identities.
            let reply = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent)
            #expect(reply.status == .ok && reply.json["status"] == "published", "\(reply.json)")
            let hash = try #require(reply.json["lineage_hash"]?.stringValue)
            let record = try #require(try await registry.store.lineageRecord(hash: hash))
            #expect(record.lineage.jobs.count == 1 && record.lineage.jobs[0].exitCode == 0 && record.lineage.jobs[0].command == "train")
            #expect(record.artifacts.allSatisfy { $0.canonicalDigest.algorithm == "openlineage-name" })
            #expect(record.lineage.jobs[0].inputs.map(\.path) == ["/data/in.csv"])
            // The same event again answers the same lineage.
            let again = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent)
            #expect(again.status == .ok && again.json["lineage_hash"]?.stringValue == hash)
        }
    }

    @Test func signedEventsBelongToTheSigner() async throws {
        let registry = try await TestRegistry(.sqlite)
        let signer = InMemoryEd25519Signer()
        let user = try await registry.addUser("olga", signer: signer)
        try await registry.run { client in
            let reply = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent, auth: .ssh(signer))
            let hash = try #require(reply.json["lineage_hash"]?.stringValue, "\(reply.json)")
            let record = try #require(try await registry.store.lineageRecord(hash: hash))
            #expect(record.lineage.creatorIdentity == user.creatorIdentity)
            #expect(record.publications.map(\.ownerUserID) == [user.id])
        }
    }

    /// Runs `body` with the URL of the registry served on a port of 127.0.0.1.
    static func live(_ registry: TestRegistry, _ body: @Sendable (String) async throws -> Void) async throws {
        let app = Application(router: GLaaSApplication.router(store: registry.store, configuration: registry.configuration),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw TestFailure("the live test server has no port") }
            try await body("http://127.0.0.1:\(port)")
        }
    }

    @Test(.enabled(if: PythonScript.available, "needs GLAAS_TEST_PYTHON"))
    func eventsSentByOpenLineagePythonBecomeLineages() async throws {
        let registry = try await TestRegistry(.sqlite)
        try await Self.live(registry) { url in
            let output = try await PythonScript.run("openlineage_emit.py", [url, "sample"])
            let runs = try JSONParser.parse(Array(output.utf8))
            let hashes = try await registry.store.lineageHashes(after: nil, limit: 10)
            #expect(hashes.count == 2)
            var records: [LineageRecord] = []
            for hash in hashes { if let record = try await registry.store.lineageRecord(hash: hash) { records.append(record) } }
            let single = try #require(records.first { $0.lineage.jobs.count == 1 })
            let nightly = try #require(records.first { $0.lineage.jobs.count == 2 })

            let ingest = single.lineage.jobs[0]
            #expect(ingest.jobUID == runs["single"]?.stringValue)
            #expect(ingest.inputs.map(\.path) == ["s3://bucket/raw/events.csv"] && ingest.outputs.map(\.path) == ["/data/events.parquet"])
            #expect(ingest.outputs.first?.size == 2048 && ingest.durationSeconds == 5 && ingest.exitCode == 0)
            #expect(single.lineage.git == GitContext(repo: "https://example.com/demo.git", commit: "abc123", branch: "main"))

            let clean = try #require(nightly.lineage.jobs.first { $0.jobUID == runs["first"]?.stringValue })
            let report = try #require(nightly.lineage.jobs.first { $0.jobUID == runs["second"]?.stringValue })
            #expect(clean.stepNumber == 1 && report.stepNumber == 2 && report.exitCode == 1 && clean.exitCode == 0)
            // Name-based identities link the lineages: the first's output is the second's input.
            #expect(clean.inputs.map(\.hash) == ingest.outputs.map(\.hash))
            #expect(report.inputs.map(\.hash) == clean.outputs.map(\.hash))

            // Read back through the v1 protocol.
            try await registry.run { client in
                let reproduction = try await client.get("/api/v1/public/sessions/\(nightly.hash)/reproduction")
                #expect(reproduction.status == .ok && reproduction.data["jobs"]?.arrayValue?.count == 2, "\(reproduction.json)")
            }
        }
    }

    @Test(.enabled(if: PythonScript.available, "needs GLAAS_TEST_PYTHON"))
    func anExportedLineageComesBackWithTheSameJobsAndEdges() async throws {
        let pipeline = SamplePipeline(tag: "-ol")
        let original = try await TestRegistry(.sqlite)
        let hash = try await original.run { client in try #require(try await pipeline.register(client).hash) }
        let record = try #require(try await original.store.lineageRecord(hash: hash))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-ol-\(UUID().uuidString).jsonl")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        try await OpenLineageExporter.export(from: original.store, lineageHash: hash, to: handle)
        try handle.close()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 + record.lineage.jobs.count * 2)

        let target = try await TestRegistry(.sqlite)
        try await Self.live(target) { url in
            let sent = try await PythonScript.run("openlineage_emit.py", [url, "replay", file.path])
            #expect(sent.contains("\"sent\": \(lines.count)"))
        }
        // Same creator (anonymous), same content: the very same lineage hash.
        #expect(try await target.store.lineageHashes(after: nil, limit: 10) == [hash])
        let back = try #require(try await target.store.lineageRecord(hash: hash))
        #expect(back.lineage.jobs == record.lineage.jobs)
        #expect(Set(back.artifacts.map(\.digests)) == Set(record.artifacts.map(\.digests)))
    }
}
