import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct GraphWalkTests {
    func walk(
        _ store: any RegistryStore, _ start: GraphNode, _ direction: WalkDirection, depth: Int = 10, limit: Int = 100, viewer: Viewer = .anonymous
    )
        async throws -> GraphWalkResult
    {
        try #require(try await store.walk(GraphWalkRequest(start: start, direction: direction, depth: depth, nodeLimit: limit), visibleTo: viewer))
    }

    @Test(arguments: StoreKind.available)
    func downstreamCrossesLineagesAndHidesPrivateOnes(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        let data = GraphNode.artifact(hash: TestDigest.label("data.csv"))
        let anonymous = try await walk(fixture.store, data, .downstream)
        #expect(anonymous.startArtifact?.hash == TestDigest.label("data.csv"))
        #expect(Set(anonymous.artifacts.map(\.hash)) == GraphFixture.hashes("model-a.pt", "metrics-a.json", "model-b.pt"))
        #expect(anonymous.jobs.map(\.jobUID).sorted() == ["e1", "t1", "t2"])
        #expect(anonymous.artifacts.first { $0.hash == TestDigest.label("metrics-a.json") }?.depth == 2)
        #expect(anonymous.jobs.first { $0.jobUID == "t2" }?.lineageHash == fixture.l2.canonicalHash)
        #expect(!anonymous.truncated)
        #expect(anonymous.depthReached == 2)
        // data→t1, t1→model-a, model-a→e1, e1→metrics-a, data→t2, t2→model-b.
        #expect(anonymous.edges.count == 6)

        let owner = try await walk(fixture.store, data, .downstream, viewer: fixture.aliceViewer)
        #expect(owner.jobs.map(\.jobUID).sorted() == ["e1", "t1", "t2", "t3"])
        #expect(
            try await fixture.store.walk(
                GraphWalkRequest(start: .artifact(hash: TestDigest.label("model-c.pt")), direction: .upstream, depth: 3, nodeLimit: 10),
                visibleTo: .anonymous) == nil)
    }

    @Test(arguments: StoreKind.available)
    func depthAndNodeCapsAreReportedNeverSilent(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        let metrics = GraphNode.artifact(hash: TestDigest.label("metrics-a.json"))
        let shallow = try await walk(fixture.store, metrics, .upstream, depth: 1)
        #expect(shallow.jobs.map(\.jobUID) == ["e1"])
        #expect(shallow.artifacts.map(\.hash) == [TestDigest.label("model-a.pt")])
        #expect(shallow.depthLimitHit && shallow.truncated && !shallow.nodeLimitHit)

        let full = try await walk(fixture.store, metrics, .upstream, depth: 3)
        #expect(full.jobs.map(\.jobUID) == ["e1", "t1", "p1"])
        #expect(Set(full.artifacts.map(\.hash)) == GraphFixture.hashes("model-a.pt", "data.csv", "raw.csv"))
        #expect(!full.truncated)

        let capped = try await walk(fixture.store, .artifact(hash: TestDigest.label("data.csv")), .downstream, limit: 2)
        #expect(capped.artifacts.count + capped.jobs.count == 2)
        #expect(capped.nodeLimitHit && capped.truncated)

        let exact = try await walk(fixture.store, .artifact(hash: TestDigest.label("data.csv")), .downstream, limit: 6)
        #expect(exact.artifacts.count + exact.jobs.count == 6)
        #expect(!exact.truncated)
    }

    @Test(arguments: StoreKind.available)
    func walksFromAJob(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        let train = GraphNode.job(lineageHash: fixture.l1.canonicalHash, jobUID: "t1")
        let inputs = try await walk(fixture.store, train, .upstream, depth: 0)
        #expect(inputs.startJob?.jobUID == "t1")
        #expect(inputs.artifacts.map(\.hash) == [TestDigest.label("data.csv")])
        #expect(inputs.jobs.isEmpty)
        #expect(inputs.depthLimitHit)
        let down = try await walk(fixture.store, train, .downstream)
        #expect(down.jobs.map(\.jobUID) == ["e1"])
        #expect(Set(down.artifacts.map(\.hash)) == GraphFixture.hashes("model-a.pt", "metrics-a.json"))
        #expect(
            try await fixture.store.walk(
                GraphWalkRequest(start: .job(lineageHash: fixture.l3.canonicalHash, jobUID: "t3"), direction: .upstream, depth: 1, nodeLimit: 10),
                visibleTo: .anonymous) == nil)
    }

    @Test(arguments: StoreKind.available)
    func aCycleAcrossLineagesEnds(kind: StoreKind) async throws {
        let store = try await kind.make()
        // x → c1 → y in one lineage, y → c2 → x in another: a cycle through shared artifacts.
        let one = GraphFixture.lineage(
            "c1", [Job(jobUID: "c1", command: "forward", stepNumber: 1, inputs: [GraphFixture.ref("x")], outputs: [GraphFixture.ref("y")])])
        let two = GraphFixture.lineage(
            "c2", [Job(jobUID: "c2", command: "back", stepNumber: 1, inputs: [GraphFixture.ref("y")], outputs: [GraphFixture.ref("x")])])
        for lineage in [one, two] {
            _ = try await store.publish(LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil), closing: nil)
        }
        for direction in WalkDirection.allCases {
            let result = try await walk(store, .artifact(hash: TestDigest.label("x")), direction, depth: 100)
            #expect(result.jobs.compactMap(\.command).sorted() == ["back", "forward"])
            #expect(result.artifacts.map(\.hash) == [TestDigest.label("y")])
            #expect(!result.truncated)
            #expect(result.edges.count == 4)
        }
        let leaves = try #require(try await store.terminalDescendants(of: TestDigest.label("x"), visibleTo: .anonymous, afterID: nil, limit: 10))
        #expect(leaves.items.isEmpty)
    }

    @Test(arguments: StoreKind.available)
    func terminalDescendantsPageAcrossLineagesWithoutDuplicatesOrMisses(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        let store = fixture.store
        // 20 more models trained on data.csv, in one lineage, each also evaluated once.
        let jobs = (0..<20).flatMap { index in
            [
                Job(
                    jobUID: "f\(index)", command: "python train.py --seed \(index)", stepNumber: index * 2 + 1,
                    inputs: [GraphFixture.ref("data.csv")], outputs: [GraphFixture.ref("fan-model-\(index)")]),
                Job(
                    jobUID: "g\(index)", command: "python evaluate.py --seed \(index)", stepNumber: index * 2 + 2,
                    inputs: [GraphFixture.ref("fan-model-\(index)")], outputs: [GraphFixture.ref("fan-score-\(index)")]),
            ]
        }
        _ = try await store.publish(
            LineagePublication(lineage: GraphFixture.lineage("fan", jobs), visibility: .public, ownerUserID: nil), closing: nil)
        let expected = Set((0..<20).map { TestDigest.label("fan-score-\($0)") }).union(GraphFixture.hashes("metrics-a.json", "model-b.pt"))

        var seen: [String] = []
        var after: Int64?
        var pages = 0
        repeat {
            let page = try #require(
                try await store.terminalDescendants(of: TestDigest.label("data.csv"), visibleTo: .anonymous, afterID: after, limit: 7))
            seen += page.items.map(\.hash)
            after = page.nextAfterID
            pages += 1
        } while after != nil && pages < 20
        #expect(pages == 4)
        #expect(seen.count == Set(seen).count)
        #expect(Set(seen) == expected)

        let owner = try #require(
            try await store.terminalDescendants(of: TestDigest.label("data.csv"), visibleTo: fixture.aliceViewer, afterID: nil, limit: 100))
        #expect(Set(owner.items.map(\.hash)) == expected.union(GraphFixture.hashes("model-c.pt")))
        #expect(try await store.terminalDescendants(of: TestDigest.label("model-c.pt"), visibleTo: .anonymous, afterID: nil, limit: 10) == nil)
    }
}
