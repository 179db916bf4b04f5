import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Numbers out of the ranges both stores hold and every reader can show are refused, the same
/// on both stores, before anything is written: in staging, in publishing and in import.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct RecordRangesTests {
    static func job(_ change: (inout Job) -> Void) -> Job {
        var job = Job(
            jobUID: "j1", command: "python train.py", stepNumber: 1, outputs: [ArtifactRef(hash: TestDigest.label("model"), path: "model.pt")])
        change(&job)
        return job
    }

    static let refused: [(Job, String)] = [
        (job { $0.stepNumber = Int(Int32.max) + 1 }, "job j1: step_number 2147483648 is outside 0...2147483647"),
        (job { $0.exitCode = Int(Int32.max) + 1 }, "job j1: exit_code 2147483648 is outside -2147483648...2147483647"),
        (job { $0.timestamp = 1e300 }, "job j1: timestamp 1e+300 is not a time in years 1-9999"),
        (job { $0.durationSeconds = 1e300 }, "job j1: duration_seconds 1e+300 is longer than a century"),
    ]

    @Test(arguments: StoreKind.available)
    func aJobOutOfRangeIsRefusedInStagingAndInPublishing(kind: StoreKind) async throws {
        let store = try await kind.make()
        let session = try await store.createRegistrationSession(Sample.session())
        for (job, message) in Self.refused {
            await #expect(throws: LineageStoreError.invalid(message)) { try await store.stageJobs([job], in: session.id) }
            let publication = LineagePublication(
                lineage: Lineage(git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: "anonymous", jobs: [job]),
                visibility: .public,
                ownerUserID: nil)
            await #expect(throws: LineageStoreError.invalid(message)) { try await store.publish(publication, closing: nil) }
        }
        #expect(try await store.count(table: "staged_jobs") == 0)
        #expect(try await store.count(table: "lineages") == 0)
        // The edges of the ranges are kept.
        let edge = Self.job {
            $0.stepNumber = Int(Int32.max)
            $0.exitCode = -9
            $0.timestamp = 253_402_300_799
            $0.durationSeconds = -0.5
        }
        #expect(try await store.stageJobs([edge], in: session.id).map(\.state) == [.created])
    }

    @Test(arguments: StoreKind.available)
    func countsOutOfRangeAreRefused(kind: StoreKind) async throws {
        let store = try await kind.make()
        let session = try await store.createRegistrationSession(Sample.session())
        let dataset = Composite(
            artifact: try Artifact(digests: [try Digest(algorithm: "composite-blake3", hex: TestDigest.label("dataset"))], size: 3, kind: .composite),
            componentCountTotal: Int(Int32.max) + 1, components: [], membershipIndex: nil)
        await #expect(throws: LineageStoreError.invalid("dataset \(dataset.artifact.hash): component_count_total is outside 0...2147483647")) {
            try await store.stageComposite(dataset, in: session.id)
        }
        _ = try await store.stageJobs([Self.job { _ in }], in: session.id)
        let view = ViewEdge(relation: "consumed", targetHash: dataset.artifact.hash, bloom: "{}", selectedCount: -1, parentTotal: 2)
        await #expect(throws: LineageStoreError.invalid("view of \(dataset.artifact.hash): selected_count -1 is outside 0...2147483647")) {
            try await store.stageViewEdges([view], jobUID: "j1", in: session.id)
        }
    }

    @Test(arguments: StoreKind.available)
    func anImportedRecordOutOfRangeIsRefused(kind: StoreKind) async throws {
        let store = try await kind.make()
        let lineage = Sample.pipeline()
        let record = LineageRecord(
            hash: lineage.canonicalHash, lineage: lineage, createdAt: Date(timeIntervalSince1970: 1e300), artifacts: [],
            publications: [PublicationRecord(visibility: .public, ownerUserID: nil, createdAt: Date())], labels: [])
        await #expect(throws: LineageStoreError.invalid("lineage \(record.hash): a time is not in years 1-9999")) {
            try await store.importLineage(record)
        }
        #expect(try await store.count(table: "lineages") == 0)
    }
}
