import Foundation
import LineageModel
import TestSupport
import Testing

@testable import LineageStore

/// Both stores walk with one recursive query when they can; the level-by-level walk defines
/// the answer. On random graphs with shared artifacts, cycles across lineages and private
/// lineages, both must agree for every start, direction, depth and cap.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct GraphWalkEquivalenceTests {
    static func randomLineage(_ index: Int, pool: Int, using random: inout SplitMix64) -> Lineage {
        let jobs = (0..<Int.random(in: 1...4, using: &random)).map { step in
            let inputs = Set((0..<Int.random(in: 0...3, using: &random)).map { _ in Int.random(in: 0..<pool, using: &random) })
            let outputs = Set((0..<Int.random(in: 1...2, using: &random)).map { _ in Int.random(in: 0..<pool, using: &random) }).subtracting(inputs)
            return Job(
                jobUID: "r\(index)-\(step)", command: "step \(step) of \(index)", stepNumber: step + 1,
                inputs: inputs.sorted().map { GraphFixture.ref("n\($0)") }, outputs: outputs.sorted().map { GraphFixture.ref("n\($0)") })
        }.filter { !$0.outputs.isEmpty }
        return GraphFixture.lineage("random-\(index)", creator: index % 5 == 0 ? "alice" : "anonymous", jobs)
    }

    @Test(arguments: StoreKind.available, [1, 2] as [UInt64])
    func recursiveWalkAgreesWithLevelByLevel(kind: StoreKind, seed: UInt64) async throws {
        let store = try await kind.make()
        let levels = try #require(store as? any LevelByLevelWalking)
        var random = SplitMix64(seed: seed)
        let pool = 24
        var starts = (0..<pool).map { GraphNode.artifact(hash: TestDigest.label("n\($0)")) }
        for index in 0..<24 {
            let lineage = Self.randomLineage(index, pool: pool, using: &random)
            guard !lineage.jobs.isEmpty else { continue }
            starts.append(.job(lineageHash: lineage.canonicalHash, jobUID: lineage.jobs[0].jobUID))
            let isPrivate = index % 5 == 0
            _ = try await store.publish(
                LineagePublication(lineage: lineage, visibility: isPrivate ? .private : .public, ownerUserID: isPrivate ? "alice" : nil), closing: nil
            )
        }
        var compared = 0
        for start in starts {
            for direction in WalkDirection.allCases {
                for (depth, limit) in [(0, 100), (2, 100), (3, 7), (50, 100), (50, 5)] {
                    for viewer in [Viewer.anonymous, Viewer.user(id: "alice")] {
                        let request = GraphWalkRequest(start: start, direction: direction, depth: depth, nodeLimit: limit)
                        let recursive = try await store.walk(request, visibleTo: viewer)
                        let levelByLevel = try await levels.walkLevelByLevel(request, visibleTo: viewer)
                        #expect(recursive == levelByLevel, "seed \(seed), \(start) \(direction) depth \(depth) limit \(limit) viewer \(viewer)")
                        if recursive != nil { compared += 1 }
                    }
                }
            }
        }
        #expect(compared > 100)
    }
}
