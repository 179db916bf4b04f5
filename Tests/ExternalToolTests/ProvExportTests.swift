import Foundation
import LineageExport
import LineageModel
import LineageStore
import TestSupport
import Testing

/// `glaas export --format prov`, read back by the W3C `prov` package from PyPI.
@Suite(.enabled(if: PythonScript.available, PythonScript.unavailableReason), .everyStore, .timeLimit(.minutes(5)))
struct ProvExportTests {
    static func exported(_ store: any RegistryStore, lineage: String? = nil) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-prov-\(UUID().uuidString).json")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        try await ProvExporter.export(from: store, lineageHash: lineage, to: handle)
        try handle.close()
        return file.path
    }

    static func summary(_ file: String) async throws -> JSONValue {
        try JSONParser.parse(Array(try await PythonScript.run("prov_summary.py", [file]).utf8))
    }

    @Test(arguments: StoreKind.available)
    func aPipelineIsOneBundleOfEntitiesActivitiesAndTheirRelations(kind: StoreKind) async throws {
        let store = try await kind.make()
        let user = try await store.addUser(name: "alice", email: nil)
        let lineage = Sample.pipeline(creator: user.creatorIdentity)
        _ = try await store.publish(
            LineagePublication(lineage: lineage, artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: user.id), closing: nil)
        let other = Sample.pipeline(tag: "-b")
        _ = try await store.publish(
            LineagePublication(lineage: other, artifacts: try Sample.artifacts(tag: "-b"), visibility: .public, ownerUserID: nil), closing: nil)

        let summary = try await Self.summary(try await Self.exported(store))
        let hash = lineage.canonicalHash
        let bundle = try #require(summary["bundles"]?["lineage:\(hash)"])
        #expect(summary["bundles"]?.objectValue?.count == 2)
        // 4 artifacts, 4 jobs, 1 creator; 4 inputs, 4 outputs, 4 input-output pairs, 4 associations.
        #expect(
            bundle["counts"] == [
                "ProvEntity": 4, "ProvActivity": 4, "ProvAgent": 1, "ProvUsage": 4, "ProvGeneration": 4, "ProvDerivation": 4, "ProvAssociation": 4,
            ])
        let relations = try #require(bundle["relations"]?.arrayValue)
        func artifact(_ name: String) -> JSONValue { .string("artifact:blake3-\(TestDigest.label(name))") }
        func job(_ uid: String) -> JSONValue { .string("job:\(hash)/\(uid)") }
        #expect(relations.contains(["ProvGeneration", artifact("model.pt"), job("job3")]))
        #expect(relations.contains(["ProvUsage", job("job4"), artifact("model.pt")]))
        #expect(relations.contains(["ProvDerivation", artifact("metrics.json"), artifact("model.pt")]))
        #expect(relations.contains(["ProvDerivation", artifact("metrics.json"), artifact("features.json")]))
        #expect(relations.contains(["ProvAssociation", job("job1"), .string("agent:user-\(user.id)")]))

        // The document says who made and who published each bundle.
        let document = try #require(summary["document"])
        #expect(document["counts"]?["ProvEntity"] == 2)
        let attributions = document["relations"]?.arrayValue ?? []
        #expect(attributions.filter { $0[0] == "ProvAttribution" && $0[1] == .string("lineage:\(hash)") }.count == 2)
        #expect(attributions.contains(["ProvAttribution", .string("lineage:\(other.canonicalHash)"), "agent:anonymous"]))

        let one = try await Self.summary(try await Self.exported(store, lineage: hash))
        #expect(one["bundles"]?.objectValue?.keys.sorted() == ["lineage:\(hash)"])
    }
}
