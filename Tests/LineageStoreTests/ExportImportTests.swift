import Foundation
import LineageExport
import LineageModel
import LineageStore
import TestSupport
import Testing

/// `glaas export` / `glaas import` through the store operations and the graph file, on real stores.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct ExportImportTests {
    /// Two lineages (one public with labels, one private to an owner) in a new store.
    static func populatedStore(_ kind: StoreKind) async throws -> any RegistryStore & StoreMaintenance {
        let store = try await kind.make()
        var artifacts = try Sample.artifacts()
        artifacts[0].sourceURL = "s3://bucket/data.csv"
        artifacts[0].sourceType = "s3"
        artifacts[1].metadata = #"{"rows": 10}"#
        let dataset = Composite(
            artifact: try Artifact(
                digests: [try Digest(algorithm: "composite-blake3", hex: TestDigest.label("dataset"))], size: 30, kind: .composite),
            componentCountTotal: 2,
            components: [
                Composite.Component(relativePath: "a.csv", leafKind: "file", algorithm: "blake3", digest: TestDigest.label("a"), size: 10, type: nil),
                Composite.Component(relativePath: "b.csv", leafKind: nil, algorithm: "blake3", digest: TestDigest.label("b"), size: 20, type: "csv"),
            ],
            membershipIndex: #"{"bits": 64}"#)
        let view = ViewEdge(relation: "consumed", targetHash: TestDigest.label("dataset"), bloom: #"{"k": 3}"#, selectedCount: 1, parentTotal: 2)
        let first = LineagePublication(
            lineage: Sample.pipeline(), artifacts: artifacts, composites: [dataset], viewEdges: ["job4": [view]], visibility: .public,
            ownerUserID: nil)
        _ = try await store.publish(first, closing: nil)
        var privateLineage = Sample.pipeline(tag: "-b", creator: "glaas:user:u1")
        privateLineage.jobs[0].byteRangesForTest()
        _ = try await store.publish(LineagePublication(lineage: privateLineage, visibility: .private, ownerUserID: "u1"), closing: nil)
        let dag = LabelTarget(kind: .dag, lineageHash: first.hash)
        let model = LabelTarget(kind: .artifact, lineageHash: first.hash, artifactHash: TestDigest.label("model.pt"))
        let job = LabelTarget(kind: .job, lineageHash: first.hash, jobUID: "job3")
        func doc(_ json: String) throws -> LabelDocument { LabelDocument(try JSONParser.parse(json).objectValue!) }
        _ = try await store.applyLabelChanges(
            [
                LabelChange(target: dag, kind: .sync(try doc(#"{"stage": "dev", "score": 0.25}"#))),
                LabelChange(target: model, kind: .sync(try doc(#"{"quality": "good"}"#))),
                LabelChange(target: job, kind: .sync(try doc(#"{"gpu": true}"#))),
            ], actor: "alice", dryRun: false)
        _ = try await store.applyLabelChanges(
            [LabelChange(target: dag, kind: .reconcile(patch: try doc(#"{"stage": "prod"}"#), deletedKeys: ["score"], baseVersion: 1, prune: false))],
            actor: "bob", dryRun: false)
        return store
    }

    static func records(_ store: any RegistryStore) async throws -> [LineageRecord] {
        var result: [LineageRecord] = []
        for hash in try await store.lineageHashes(after: nil, limit: 1000) { result.append(try #require(try await store.lineageRecord(hash: hash))) }
        return result
    }

    static func export(_ store: any RegistryStore, lineage: String? = nil) async throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-graph-\(UUID().uuidString).json")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try await GraphExporter.export(from: store, lineageHash: lineage, to: handle)
        try handle.close()
        return url
    }

    @Test(arguments: StoreKind.available)
    func storeReadsAWholeLineageAndPagesThroughHashes(kind: StoreKind) async throws {
        let store = try await Self.populatedStore(kind)
        let all = try await store.lineageHashes(after: nil, limit: 10)
        #expect(all == all.sorted() && all.count == 2)
        #expect(try await store.lineageHashes(after: all[0], limit: 10) == [all[1]])
        #expect(try await store.lineageHashes(after: all[0], limit: 0).isEmpty)
        let hash = Sample.pipeline().canonicalHash
        let record = try #require(try await store.lineageRecord(hash: hash))
        #expect(record.lineage.canonicalHash == hash)
        #expect(record.lineage.jobs.map(\.jobUID) == ["job1", "job2", "job3", "job4"])
        #expect(record.artifacts.count == 5)
        #expect(record.composites.map(\.components.count) == [2] && record.composites.first?.membershipIndex == #"{"bits": 64}"#)
        #expect(record.viewEdges["job4"]?.map(\.parentTotal) == [2])
        let data = try #require(record.artifacts.first { $0.hash == TestDigest.label("data.csv") })
        #expect(data.digests.map(\.algorithm) == ["blake3", "sha256"])
        #expect(data.sourceURL == "s3://bucket/data.csv" && data.sourceType == "s3")
        #expect(record.publications.map(\.visibility) == [.public])
        #expect(
            record.labels.map(\.target.key).sorted() == [
                "artifact:\(hash):\(TestDigest.label("model.pt"))", "dag:\(hash)", "dag:\(hash)", "job:\(hash):job3",
            ])
        let other = try #require(try await store.lineageRecord(hash: Sample.pipeline(tag: "-b", creator: "glaas:user:u1").canonicalHash))
        #expect(other.publications.map(\.ownerUserID) == ["u1"] && other.publications.map(\.visibility) == [.private])
        #expect(other.lineage.jobs[0].outputs[0].byteRanges == [[0, 10], [20, 30]])
        #expect(try await store.lineageRecord(hash: String(repeating: "0", count: 64)) == nil)
    }

    @Test(arguments: StoreKind.available)
    func importWritesTheRecordAndReportsAnExistingOne(kind: StoreKind) async throws {
        let source = try await Self.populatedStore(kind)
        let target = try await kind.make()
        for record in try await Self.records(source) { #expect(try await target.importLineage(record) == .created) }
        #expect(try await Self.records(target) == (try await Self.records(source)))
        for record in try await Self.records(source) { #expect(try await target.importLineage(record) == .existing) }
        #expect(try await target.count(table: "lineages") == 2)
        #expect(try await target.count(table: "publications") == 2)
        // Imported lineages answer the ordinary reads too, through their visibility.
        #expect(try await target.lineage(hash: Sample.pipeline().canonicalHash, visibleTo: .anonymous) != nil)
        #expect(try await target.lineage(hash: Sample.pipeline(tag: "-b", creator: "glaas:user:u1").canonicalHash, visibleTo: .anonymous) == nil)
        #expect(try await target.lineage(hash: Sample.pipeline(tag: "-b", creator: "glaas:user:u1").canonicalHash, visibleTo: .user(id: "u1")) != nil)
    }

    @Test(arguments: StoreKind.available)
    func storeRefusesARecordWhoseContentDoesNotHashToItsHash(kind: StoreKind) async throws {
        let source = try await Self.populatedStore(kind)
        var record = try #require(try await Self.records(source).first)
        record.lineage.jobs[1].inputs[0].hash = TestDigest.label("something else")
        let target = try await kind.make()
        await #expect(
            throws: LineageStoreError.invalid(
                "lineage \(record.hash): its content hashes to \(record.lineage.canonicalHash), not to the recorded hash")
        ) {
            try await target.importLineage(record)
        }
        #expect(try await target.count(table: "lineages") == 0)
        #expect(try await target.count(table: "artifacts") == 0)
        #expect(try await target.count(table: "labels") == 0)
    }

    /// SQLite → file → PostgreSQL (when available, else SQLite) → file → SQLite.
    @Test func roundTripKeepsHashesReadsAndTheFileItself() async throws {
        let middle: StoreKind = StoreKind.available.contains(.postgres) ? .postgres : .sqlite
        let first = try await Self.populatedStore(.sqlite)
        let firstFile = try await Self.export(first)
        let second = try await middle.make()
        let summary = try await GraphImporter.importFile(firstFile.path, into: second)
        #expect(summary.created.count == 2 && summary.refused.isEmpty && summary.existing.isEmpty)
        let secondFile = try await Self.export(second)
        let third = try await StoreKind.sqlite.make()
        #expect(try await GraphImporter.importFile(secondFile.path, into: third).created.count == 2)
        #expect(try await third.lineageHashes(after: nil, limit: 10) == (try await first.lineageHashes(after: nil, limit: 10)))
        #expect(try await Self.records(second) == (try await Self.records(first)))
        #expect(try await Self.records(third) == (try await Self.records(first)))
        #expect(try Data(contentsOf: secondFile) == (try Data(contentsOf: firstFile)))
    }

    @Test func oneLineageExportsAlone() async throws {
        let store = try await Self.populatedStore(.sqlite)
        let hash = Sample.pipeline().canonicalHash
        let file = try await Self.export(store, lineage: hash)
        let target = try await StoreKind.sqlite.make()
        #expect(try await GraphImporter.importFile(file.path, into: target).created == [hash])
        let missing = await #expect(throws: GraphFormatError.self) { try await Self.export(store, lineage: String(repeating: "a", count: 64)) }
        #expect(missing?.description == "no lineage \(String(repeating: "a", count: 64)) in the store")
    }

    @Test func tamperedInputDigestIsRefusedAndNothingIsWritten() async throws {
        let file = try await Self.export(try await Self.populatedStore(.sqlite))
        var text = try String(contentsOf: file, encoding: .utf8)
        let marker = try #require(text.range(of: #""inputs":[{"byte_ranges":null,"hash":""#))
        let digit = text.index(marker.upperBound, offsetBy: 10)
        text.replaceSubrange(digit...digit, with: text[digit] == "0" ? "1" : "0")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let target = try await StoreKind.sqlite.make()
        var events: [String] = []
        let summary = try await GraphImporter.importFile(file.path, into: target) { if case .refused(let line) = $0 { events.append(line) } }
        #expect(summary.refused.count == 1 && summary.created.count == 1)
        #expect(events.count == 1 && events[0].contains("refused") && !events[0].contains("\n"))
        #expect(try await target.count(table: "lineages") == 1)
        // Only the tampered lineage in a file: the store stays empty.
        let single = try await Self.export(try await Self.populatedStore(.sqlite), lineage: Sample.pipeline().canonicalHash)
        var one = try String(contentsOf: single, encoding: .utf8)
        one = one.replacingOccurrences(
            of: TestDigest.label("features.json"), with: TestDigest.label("features.json").replacingOccurrences(of: "a", with: "b"))
        try one.write(to: single, atomically: true, encoding: .utf8)
        let empty = try await StoreKind.sqlite.make()
        #expect(try await GraphImporter.importFile(single.path, into: empty).refused.count == 1)
        #expect(try await empty.count(table: "lineages") == 0)
        #expect(try await empty.count(table: "artifacts") == 0)
    }

    @Test func anotherVersionOrFormatIsRefused() async throws {
        let file = try await Self.export(try await Self.populatedStore(.sqlite))
        let text = try String(contentsOf: file, encoding: .utf8)
        let target = try await StoreKind.sqlite.make()
        for (variant, expected) in [
            (text.replacingOccurrences(of: #""version":1,"#, with: #""version":2,"#), "unsupported glaas-graph version 2"),
            (text.replacingOccurrences(of: #""format":"glaas-graph""#, with: #""format":"other""#), "not a glaas-graph file"),
            ("{\"format\": \"glaas-graph\", \"version\": 2, \"lineages\": []}", "unsupported glaas-graph version 2"),
        ] {
            try variant.write(to: file, atomically: true, encoding: .utf8)
            let error = await #expect(throws: GraphFormatError.self) { try await GraphImporter.importFile(file.path, into: target) }
            #expect(error?.description.contains(expected) == true)
        }
        #expect(try await target.count(table: "lineages") == 0)
    }

    @Test func aPrettyPrintedFileIsReadWhole() async throws {
        let source = try await Self.populatedStore(.sqlite)
        let file = try await Self.export(source)
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: file))
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]).write(to: file)
        let target = try await StoreKind.sqlite.make()
        #expect(try await GraphImporter.importFile(file.path, into: target).created.count == 2)
        // Hashes are recomputed on import, so equal hashes mean equal content.
        #expect(try await target.lineageHashes(after: nil, limit: 10) == (try await source.lineageHashes(after: nil, limit: 10)))
    }
}

extension Job {
    /// Gives the first output byte ranges, which the export must carry.
    mutating func byteRangesForTest() {
        outputs[0].byteRanges = [[0, 10], [20, 30]]
    }
}
