import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct PublishAndLookupTests {
    @Test(arguments: StoreKind.available)
    func publishedArtifactsAreFoundByAPrefixOfAnyDigest(kind: StoreKind) async throws {
        let store = try await kind.make()
        let publication = LineagePublication(lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil)
        let result = try await store.publish(publication, closing: nil)
        #expect(result.receipt.created)
        #expect(result.receipt.lineageHash == Sample.pipeline().canonicalHash)

        let model = TestDigest.label("model.pt")
        let byBlake = try await store.artifacts(matching: try DigestPrefix(model.prefix(12)), visibleTo: .anonymous, limit: 5)
        #expect(byBlake.map(\.artifact.hash) == [model])
        #expect(byBlake.first?.originalLineageHash == publication.hash)
        #expect(byBlake.first?.artifact.digests.count == 2)
        let bySha = try await store.artifacts(
            matching: try DigestPrefix(TestDigest.label("sha:model.pt").prefix(10)), visibleTo: .anonymous, limit: 5)
        #expect(bySha.map(\.artifact.hash) == [model])
        #expect(try await store.artifacts(matching: try DigestPrefix("ffffffff0000"), visibleTo: .anonymous, limit: 5).isEmpty)
    }

    @Test(arguments: StoreKind.available)
    func republishingTheSameContentCreatesNothingNew(kind: StoreKind) async throws {
        let store = try await kind.make()
        let publication = LineagePublication(lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil)
        _ = try await store.publish(publication, closing: nil)
        let again = try await store.publish(publication, closing: nil)
        #expect(!again.receipt.created)
        #expect(again.receipt.lineageHash == publication.hash)
        #expect(try await store.jobs(inLineage: publication.hash).count == 4)
        #expect(try await store.recentLineages(visibleTo: .anonymous, limit: 10).total == 1)
    }

    @Test(arguments: StoreKind.available)
    func walksProducersAndConsumersInBothDirections(kind: StoreKind) async throws {
        let store = try await kind.make()
        let publication = LineagePublication(lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil)
        _ = try await store.publish(publication, closing: nil)
        let features = TestDigest.label("features.json")
        let producers = try await store.jobs(touching: features, direction: .output, visibleTo: .anonymous, limit: 10)
        #expect(producers.map(\.job.command) == ["python features.py"])
        #expect(producers.first?.job.inputs.map(\.path) == ["/home/alice/demo/data.csv"])
        let consumers = try await store.jobs(touching: features, direction: .input, visibleTo: .anonymous, limit: 10)
        #expect(Set(consumers.map(\.job.command)) == ["python train.py", "python evaluate.py"])
        let upstream = try await store.upstreamJobs(of: TestDigest.label("model.pt"), inLineage: publication.hash)
        #expect(upstream.map(\.job.command) == ["python prepare.py", "python features.py", "python train.py"])
    }

    @Test(arguments: StoreKind.available)
    func upstreamWalkEndsOnACycle(kind: StoreKind) async throws {
        let store = try await kind.make()
        let a = ArtifactRef(hash: TestDigest.label("cycle-a"), path: "/a")
        let b = ArtifactRef(hash: TestDigest.label("cycle-b"), path: "/b")
        let lineage = Lineage(
            git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: "anonymous",
            jobs: [
                Job(jobUID: "x", command: "x", stepNumber: 1, inputs: [a], outputs: [b]),
                Job(jobUID: "y", command: "y", stepNumber: 2, inputs: [b], outputs: [a]),
            ])
        let publication = LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil)
        _ = try await store.publish(publication, closing: nil)
        let upstream = try await store.upstreamJobs(of: a.hash, inLineage: publication.hash)
        #expect(upstream.map(\.job.jobUID) == ["x", "y"])
    }

    @Test(arguments: StoreKind.available)
    func duplicatePathEdgesCollapseToTheSmallestPath(kind: StoreKind) async throws {
        let store = try await kind.make()
        let model = TestDigest.label("linked")
        let lineage = Lineage(
            git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: "anonymous",
            jobs: [
                Job(
                    jobUID: "j", command: "train", stepNumber: 1,
                    outputs: [
                        ArtifactRef(hash: model, path: "/ckpt/last.pt"), ArtifactRef(hash: model, path: "/ckpt/best.pt"),
                    ])
            ])
        let publication = LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil)
        #expect(publication.edgeCounts.outputs == 1)
        _ = try await store.publish(publication, closing: nil)
        let jobs = try await store.jobs(inLineage: publication.hash)
        #expect(jobs.first?.job.outputs.map(\.path) == ["/ckpt/best.pt"])
        // The artifact was never described: it exists as a stub, found by its digest.
        #expect(try await store.artifacts(matching: try DigestPrefix(model), visibleTo: .anonymous, limit: 2).count == 1)
    }
}
