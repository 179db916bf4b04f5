import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite struct LineageDiffTests {
    static func record(_ lineage: Lineage) -> LineageRecord {
        LineageRecord(
            hash: lineage.canonicalHash, lineage: lineage, createdAt: Date(timeIntervalSince1970: 0), artifacts: [], publications: [], labels: [])
    }

    static func ref(_ name: String, at path: String) -> ArtifactRef { ArtifactRef(hash: TestDigest.label(name), path: path) }

    @Test func aLineageDoesNotDifferFromItself() {
        let record = Self.record(Sample.pipeline())
        let diff = LineageDiff(from: record, to: record)
        #expect(diff.isEmpty)
        #expect(diff.fromHash == record.hash)
    }

    @Test func reportsJobsArtifactsGitMetadataAndInputDigests() {
        let before = Lineage(
            git: GitContext(repo: "r", commit: "c1", branch: "main"), creatorIdentity: "anonymous",
            jobs: [
                Job(jobUID: "a1", command: "python prepare.py", stepNumber: 1, outputs: [Self.ref("data-v1", at: "/d/data.csv")]),
                Job(
                    jobUID: "a2", command: "python train.py --lr 0.1", stepNumber: 2, metadata: #"{"packages": {"numpy": "1.26"}, "host": "x"}"#,
                    inputs: [Self.ref("data-v1", at: "/d/data.csv")], outputs: [Self.ref("model-v1", at: "/d/model.pt")]),
                Job(jobUID: "a3", command: "python plot.py", stepNumber: 3, inputs: [Self.ref("model-v1", at: "/d/model.pt")]),
            ])
        let after = Lineage(
            git: GitContext(repo: "r", commit: "c2", branch: "main"), creatorIdentity: "anonymous",
            jobs: [
                Job(jobUID: "b1", command: "python prepare.py", stepNumber: 1, outputs: [Self.ref("data-v2", at: "/d/data.csv")]),
                Job(
                    jobUID: "b2", command: "python train.py --lr 0.2", stepNumber: 2, metadata: #"{"packages": {"numpy": "2.0"}, "host": "x"}"#,
                    inputs: [Self.ref("data-v2", at: "/d/data.csv")], outputs: [Self.ref("model-v2", at: "/d/model.pt")]),
                Job(jobUID: "b4", command: "python export.py", stepNumber: 4, inputs: [Self.ref("model-v2", at: "/d/model.pt")]),
            ])
        let diff = LineageDiff(from: Self.record(before), to: Self.record(after))
        #expect(diff.git == [LineageDiff.FieldChange(field: "commit", before: "c1", after: "c2")])
        #expect(diff.jobsAdded.map(\.jobUID) == ["b4"])
        #expect(diff.jobsRemoved.map(\.jobUID) == ["a3"])
        #expect(diff.jobsChanged.map(\.after.jobUID) == ["b1", "b2"])
        let train = diff.jobsChanged[1]
        #expect(train.fields == [LineageDiff.FieldChange(field: "command", before: "python train.py --lr 0.1", after: "python train.py --lr 0.2")])
        #expect(train.metadata == [LineageDiff.MetadataChange(key: "packages.numpy", before: "\"1.26\"", after: "\"2.0\"")])
        #expect(
            train.inputs == [LineageDiff.DigestChange(path: "/d/data.csv", before: TestDigest.label("data-v1"), after: TestDigest.label("data-v2"))])
        #expect(
            train.outputs == [
                LineageDiff.DigestChange(path: "/d/model.pt", before: TestDigest.label("model-v1"), after: TestDigest.label("model-v2"))
            ])
        #expect(diff.jobsChanged[0].fields.isEmpty && diff.jobsChanged[0].outputs.count == 1)
        #expect(Set(diff.artifactsAdded) == [TestDigest.label("data-v2"), TestDigest.label("model-v2")])
        #expect(Set(diff.artifactsRemoved) == [TestDigest.label("data-v1"), TestDigest.label("model-v1")])
        #expect(!diff.isEmpty)
    }

    @Test func jobsPairByUIDBeforeStepNumber() {
        let before = Lineage(
            git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: "anonymous",
            jobs: [
                Job(jobUID: "same", command: "make", stepNumber: 1), Job(jobUID: "other", command: "test", stepNumber: 2),
            ])
        let after = Lineage(
            git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: "anonymous",
            jobs: [
                Job(jobUID: "same", command: "make", stepNumber: 2), Job(jobUID: "new", command: "test", stepNumber: 1),
            ])
        let diff = LineageDiff(from: Self.record(before), to: Self.record(after))
        // "same" pairs with itself (its step moved); "other" with "new" by command, as the steps are taken.
        #expect(diff.jobsChanged.map { [$0.before.jobUID, $0.after.jobUID] } == [["other", "new"], ["same", "same"]])
        #expect(
            diff.jobsChanged.first { $0.after.jobUID == "same" }?.fields == [LineageDiff.FieldChange(field: "step_number", before: "1", after: "2")])
        #expect(diff.jobsAdded.isEmpty && diff.jobsRemoved.isEmpty)
    }
}
