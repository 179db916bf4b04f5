import Foundation
import LineageModel
import LineageExport
import LineageStore
import SQLiteLineageStore
import StoreTestSupport
import Testing

/// `glaas export --format prov|openlineage` as an operator runs it: the built executable.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GLAAS_BINARY"] != nil, "needs GLAAS_BINARY"), .timeLimit(.minutes(5)))
struct ExportFormatCommandTests {
    @Test func theOtherFormatsFromTheCommandLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-formats-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("registry.sqlite").path
        do {
            let store = try SQLiteStore(path: database)
            _ = try await store.publish(LineagePublication(lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil), closing: nil)
        }
        let hash = Sample.pipeline().canonicalHash

        let events = directory.appendingPathComponent("events.jsonl").path
        let openlineage = try ExportImportCommandTests.glaas(["export", "--database", database, "--format", "openlineage", "--lineage", hash, events])
        #expect(openlineage.status == 0, "\(openlineage.stderr)")
        let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
        // The lineage's run (START, COMPLETE) around each job's COMPLETE (no start times: no START).
        #expect(lines.count == 2 + 4)
        let first = try JSONParser.parse(Array(lines[0].utf8))
        #expect(first["eventType"] == "START" && first["schemaURL"] == .string(OpenLineageSpec.runEventSchemaURL))
        let last = try JSONParser.parse(Array(lines[lines.count - 1].utf8))
        #expect(last["eventType"] == "COMPLETE" && last["run"]?["facets"]?["glaas_lineage"]?["hash"] == .string(hash))

        let prov = directory.appendingPathComponent("prov.json").path
        let provRun = try ExportImportCommandTests.glaas(["export", "--database", database, "--format", "prov", prov])
        #expect(provRun.status == 0 && provRun.stderr.contains("exported 1 lineage"), "\(provRun.stderr)")
        let document = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: prov))))
        #expect(document["bundle"]?["lineage:\(hash)"]?["activity"]?.objectValue?.count == 4)
        if PythonScript.available {
            let summary = try JSONParser.parse(Array(try await PythonScript.run("prov_summary.py", [prov]).utf8))
            #expect(summary["bundles"]?["lineage:\(hash)"]?["counts"]?["ProvActivity"] == 4)
        }

        let unknown = try ExportImportCommandTests.glaas(["export", "--database", database, "--format", "rdf", prov])
        #expect(unknown.status != 0 && unknown.stderr.contains("rdf"))
    }
}
