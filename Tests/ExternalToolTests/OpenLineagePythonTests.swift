import Foundation
import LineageExport
import LineageModel
import LineageStore
import TestSupport
import Testing

/// `POST /api/v1/lineage` fed by the openlineage-python client (Tests/Interop/openlineage_emit.py)
/// against a registry on a 127.0.0.1 port: its events become lineages, and an exported lineage
/// sent back comes back the same.
@Suite(.enabled(if: PythonScript.available, PythonScript.unavailableReason), .timeLimit(.minutes(5)))
struct OpenLineagePythonTests {
    @Test
    func eventsSentByOpenLineagePythonBecomeLineages() async throws {
        let registry = try await TestRegistry(.sqlite)
        try await registry.live { url, _ in
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

    @Test
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
        try await target.live { url, _ in
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
