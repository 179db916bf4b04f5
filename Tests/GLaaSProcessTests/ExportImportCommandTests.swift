import Foundation
import LineageModel
import LineageStore
import SQLiteLineageStore
import TestSupport
import Testing

/// `glaas export` and `glaas import` as an operator runs them: the built executable on
/// SQLite files.
@Suite(.enabled(if: GlaasProcess.available, "needs the glaas executable (swift build, or GLAAS_BINARY)"), .timeLimit(.minutes(5)))
struct ExportImportCommandTests {
    static func glaas(_ arguments: [String]) async throws -> ChildProcess.Result {
        try await GlaasCommand.run(arguments)
    }

    @Test func exportThenImportOnSQLiteFiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-export-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("source.sqlite").path
        let target = directory.appendingPathComponent("target.sqlite").path
        let file = directory.appendingPathComponent("graph.json").path
        do {
            let store = try SQLiteStore(path: source)
            _ = try await store.publish(
                LineagePublication(lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil), closing: nil
            )
        }
        let hash = Sample.pipeline().canonicalHash

        let exported = try await Self.glaas(["export", "--database", source, file])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix(#"{"format":"glaas-graph","version":1,"lineages":["#))
        let toStdout = try await Self.glaas(["export", "--database", source, "--lineage", hash, "-"])
        #expect(toStdout.status == 0 && toStdout.stdout.contains(hash))

        let imported = try await Self.glaas(["import", "--database", target, file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 created, 0 existing, 0 refused"))
        let again = try await Self.glaas(["import", "--database", target, file])
        #expect(again.status == 0 && again.stdout.contains("existing \(hash)") && again.stdout.contains("0 created, 1 existing"))
        #expect(try await SQLiteStore(path: target).lineageHashes(after: nil, limit: 10) == [hash])

        // One input digest changed: refused, one line on stderr, exit 1, nothing written.
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let marker = try #require(text.range(of: #""inputs":[{"byte_ranges":null,"hash":""#))
        let digit = text.index(marker.upperBound, offsetBy: 3)
        text.replaceSubrange(digit...digit, with: text[digit] == "0" ? "1" : "0")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let fresh = directory.appendingPathComponent("fresh.sqlite").path
        let tampered = try await Self.glaas(["import", "--database", fresh, file])
        #expect(tampered.status == 1)
        let errorLines = tampered.stderr.split(separator: "\n")
        #expect(errorLines.count == 1 && errorLines[0].contains("refused") && errorLines[0].contains(hash))
        #expect(try await SQLiteStore(path: fresh).count(table: "lineages") == 0)

        try text.replacingOccurrences(of: #""version":1,"#, with: #""version":7,"#).write(toFile: file, atomically: true, encoding: .utf8)
        let otherVersion = try await Self.glaas(["import", "--database", fresh, file])
        #expect(otherVersion.status != 0 && otherVersion.stderr.contains("unsupported glaas-graph version 7"))

        let missing = try await Self.glaas(["export", "--database", source, "--lineage", String(repeating: "f", count: 64), file])
        #expect(missing.status != 0 && missing.stderr.contains("no lineage"))
        try? FileManager.default.removeItem(at: directory)
    }
}
