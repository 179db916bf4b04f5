import Foundation
import LineageExport
import LineageModel
import LineageStore
import SQLiteLineageStore
import TestSupport
import Testing

/// `glaas export --format prov|openlineage` as an operator runs it: the built executable.
@Suite(.enabled(if: GlaasProcess.available, "needs the glaas executable (swift build, or GLAAS_BINARY)"), .timeLimit(.minutes(5)))
struct ExportFormatCommandTests {
    /// A scratch directory with a SQLite registry holding the sample pipeline.
    static func registry() async throws -> (directory: URL, database: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-formats-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = directory.appendingPathComponent("registry.sqlite").path
        let store = try SQLiteStore(path: database)
        _ = try await store.publish(
            LineagePublication(lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil), closing: nil)
        return (directory, database)
    }

    @Test func theOtherFormatsFromTheCommandLine() async throws {
        let (directory, database) = try await Self.registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hash = Sample.pipeline().canonicalHash

        let events = directory.appendingPathComponent("events.jsonl").path
        let openlineage = try await GlaasCommand.run(["export", "--database", database, "--format", "openlineage", "--lineage", hash, events])
        #expect(openlineage.status == 0, "\(openlineage.stderr)")
        let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
        // The lineage's run (START, COMPLETE) around each job's COMPLETE (no start times: no START).
        #expect(lines.count == 2 + 4)
        let first = try JSONParser.parse(Array(lines[0].utf8))
        #expect(first["eventType"] == "START" && first["schemaURL"] == .string(OpenLineageSpec.runEventSchemaURL))
        let last = try JSONParser.parse(Array(lines[lines.count - 1].utf8))
        #expect(last["eventType"] == "COMPLETE" && last["run"]?["facets"]?["glaas_lineage"]?["hash"] == .string(hash))

        let prov = directory.appendingPathComponent("prov.json").path
        let provRun = try await GlaasCommand.run(["export", "--database", database, "--format", "prov", prov])
        #expect(provRun.status == 0 && provRun.stderr.contains("exported 1 lineage"), "\(provRun.stderr)")
        let document = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: prov))))
        #expect(document["bundle"]?["lineage:\(hash)"]?["activity"]?.objectValue?.count == 4)

        let unknown = try await GlaasCommand.run(["export", "--database", database, "--format", "rdf", prov])
        #expect(unknown.status != 0 && unknown.stderr.contains("rdf"))
    }

    /// The file the command wrote, read by the W3C `prov` package.
    @Test(.enabled(if: PythonScript.available, PythonScript.unavailableReason))
    func theProvFileReadsBackWithTheW3CPackage() async throws {
        let (directory, database) = try await Self.registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hash = Sample.pipeline().canonicalHash
        let prov = directory.appendingPathComponent("prov.json").path
        let exported = try await GlaasCommand.run(["export", "--database", database, "--format", "prov", prov])
        #expect(exported.status == 0, "\(exported.stderr)")
        let summary = try JSONParser.parse(Array(try await PythonScript.run("prov_summary.py", [prov]).utf8))
        #expect(summary["bundles"]?["lineage:\(hash)"]?["counts"]?["ProvActivity"] == 4)
    }
}
