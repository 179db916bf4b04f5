import Foundation
import LineageExport
import LineageModel
import LineageStore
import TestSupport
import Testing

/// The same edge cases sent to every store through the v1 protocol get the same answers, and
/// an export of either store imports into the other unchanged. (The issue: SQLite had taken
/// step_number 2^31 and a NUL in metadata that PostgreSQL refused at finalize, so a SQLite
/// export could not always be imported into PostgreSQL.)
@Suite(.everyStore, .timeLimit(.minutes(10))) struct StoreConformanceTests {
    /// Every edge case on every store: no 5xx, the same transcript on each, then each store's
    /// export imported into a new store of every kind and read back equal.
    @Test func everyStoreAnswersTheEdgeCasesAlikeAndImportsTheOthersExport() async throws {
        var registries: [(StoreKind, TestRegistry, EdgeCaseTranscript)] = []
        for kind in StoreKind.available {
            let registry = try await TestRegistry(kind)
            let transcript = try await EdgeCaseTranscript.record(EdgeCase.all, on: registry)
            #expect(transcript.serverErrors.isEmpty, "\(kind): \(transcript.serverErrors.map { Self.short($0) })")
            #expect(transcript.hashes.count > 100, "\(kind): only \(transcript.hashes.count) edge cases were published")
            registries.append((kind, registry, transcript))
        }
        let (firstKind, _, first) = registries[0]
        for (kind, _, other) in registries.dropFirst() {
            let answers = Dictionary(other.lines, uniquingKeysWith: { $1 })
            for (key, answer) in first.lines where answers[key] != answer {
                let (lhs, rhs) = Self.difference(answer, answers[key] ?? "(not sent)")
                Issue.record("stores disagree on \(key)\n\(firstKind): \(lhs)\n\(kind): \(rhs)")
            }
            let records = Dictionary(other.records, uniquingKeysWith: { $1 })
            for (key, record) in first.records where records[key] != record {
                let (lhs, rhs) = Self.difference(String(describing: record), String(describing: records[key] ?? nil))
                Issue.record("stores disagree on \(key)\n\(firstKind): \(lhs)\n\(kind): \(rhs)")
            }
            let keys = Set(first.lines.map(\.key))
            for (key, answer) in other.lines where !keys.contains(key) {
                Issue.record("stores disagree on \(key)\n\(firstKind): (not sent)\n\(kind): \(Self.short(answer))")
            }
        }
        for (source, registry, transcript) in registries {
            let file = try await Self.export(registry.store)
            let expected = try await Self.records(registry.store)
            #expect(expected.count == Set(transcript.hashes).count)
            for kind in StoreKind.available {
                let target = try await kind.make()
                let summary = try await GraphImporter.importFile(file.path, into: target)
                #expect(
                    summary.refused.isEmpty && summary.created.count == expected.count,
                    "\(source) → \(kind): \(summary.refused.map { Self.short($0) })")
                let imported = try await Self.records(target)
                #expect(imported.count == expected.count)
                for (before, after) in zip(expected, imported) where before != after {
                    let (lhs, rhs) = Self.difference(String(describing: before), String(describing: after))
                    Issue.record("\(source) → \(kind) changed \(before.hash):\n\(lhs)\n\(rhs)")
                }
            }
        }
    }

    /// The records of a store, in hash order, as it reads them back.
    static func records(_ store: any RegistryStore) async throws -> [LineageRecord] {
        var result: [LineageRecord] = []
        var after: String?
        while true {
            let page = try await store.lineageHashes(after: after, limit: 500)
            guard let last = page.last else { return result }
            for hash in page { result.append(try #require(try await store.lineageRecord(hash: hash)).normalized()) }
            after = last
        }
    }

    /// The whole store in a glaas-graph file.
    static func export(_ store: any RegistryStore) async throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-conformance-\(UUID().uuidString).json")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        _ = try await GraphExporter.export(from: store, to: handle)
        try handle.close()
        return url
    }

    /// Two answers from a little before the first character where they differ (some answers
    /// hold a mebibyte).
    static func difference(_ lhs: String, _ rhs: String) -> (String, String) {
        let common = zip(lhs, rhs).prefix { $0 == $1 }.count
        func around(_ text: String) -> String {
            let start = max(0, common - 120)
            let part = text.dropFirst(start).prefix(400)
            return (start > 0 ? "…" : "") + part + (start + part.count < text.count ? "… (\(text.count) characters)" : "")
        }
        return (around(lhs), around(rhs))
    }

    /// A line cut to a readable length (some answers hold a mebibyte).
    static func short(_ line: String) -> String { line.count <= 700 ? line : line.prefix(700) + "… (\(line.count) characters)" }
}
