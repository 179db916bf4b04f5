import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Records that `glaas import` reads from a file, with what the v1 routes refuse (a NUL in any
/// text or label document, numbers out of range): every store refuses each with the same
/// message and writes nothing, and takes the same record without them.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct ImportConformanceTests {
    /// (name, what to change in the sample record)
    static let changes: [(String, @Sendable (inout LineageRecord) -> Void)] = [
        ("nul-in-command", { $0.lineage.jobs[0].command = "python\u{0}train.py" }),
        ("nul-in-metadata", { $0.lineage.jobs[0].metadata = "{\"a\": \"\u{0}\"}" }),
        ("nul-in-path", { $0.lineage.jobs[1].inputs[0].path = "/data\u{0}.csv" }),
        ("nul-in-git-repo", { $0.lineage.git.repo = "https://example.com/\u{0}" }),
        ("nul-in-creator", { $0.lineage.creatorIdentity = "glaas:user:\u{0}" }),
        ("nul-in-source-url", { $0.artifacts[0].sourceURL = "s3://bucket/\u{0}" }),
        ("nul-in-artifact-metadata", { $0.artifacts[0].metadata = "\u{0}" }),
        ("nul-in-label-value", { $0.labels = [label(["note": .string("a\u{0}")])] }),
        ("nul-in-label-key", { $0.labels = [label(["a\u{0}": .int(1)])] }),
        ("step-int32-max+1", { $0.lineage.jobs[0].stepNumber = Int(Int32.max) + 1 }),
        ("duration-huge", { $0.lineage.jobs[0].durationSeconds = 1e300 }),
        ("plain", { _ in }),
    ]

    static func label(_ root: [String: JSONValue]) -> LabelVersion {
        LabelVersion(
            target: LabelTarget(kind: .dag, lineageHash: nil), version: 1, document: LabelDocument(root), tombstones: [], actor: "alice",
            createdAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    /// The sample lineage with one change, its hash recomputed so that only the change is wrong.
    static func record(_ change: (inout LineageRecord) -> Void) throws -> LineageRecord {
        let lineage = Sample.pipeline(tag: "-import")
        var record = LineageRecord(
            hash: lineage.canonicalHash, lineage: lineage, createdAt: Date(timeIntervalSince1970: 1_700_000_000),
            artifacts: try Sample.artifacts(tag: "-import"),
            publications: [PublicationRecord(visibility: .public, ownerUserID: nil, createdAt: Date(timeIntervalSince1970: 1_700_000_000))],
            labels: [])
        change(&record)
        record.hash = record.lineage.canonicalHash
        for index in record.labels.indices { record.labels[index].target = LabelTarget(kind: .dag, lineageHash: record.hash) }
        return record
    }

    @Test func everyStoreRefusesOrTakesTheSameRecords() async throws {
        for (name, change) in Self.changes {
            let record = try Self.record(change)
            var answers: [String] = []
            for kind in StoreKind.available {
                let store = try await kind.make()
                do {
                    answers.append("\(try await store.importLineage(record))")
                    #expect(try await store.lineageRecord(hash: record.hash)?.normalized() == record.normalized(), "\(name) on \(kind)")
                } catch {
                    answers.append(String(describing: error))
                    #expect(try await store.count(table: "lineages") == 0, "\(name) on \(kind)")
                    #expect(try await store.count(table: "artifacts") == 0, "\(name) on \(kind)")
                }
            }
            #expect(Set(answers).count == 1, "\(name): \(zip(StoreKind.available, answers).map { "\($0): \($1)" })")
            #expect((name == "plain") == (answers.first == "created"), "\(name): \(answers)")
        }
    }
}
