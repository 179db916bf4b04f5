import Foundation
import LineageModel
import TestSupport
import Testing

@testable import GLaaSWeb

/// The graph walk (folding, opening, depth and size limits, cycles) and the layered layout.
@Suite(.timeLimit(.minutes(2))) struct GraphViewTests {
    @Test func aBigFanOutFoldsIntoCountedGroupsAndTheWalkContinuesThroughThem() {
        let graph = LineageGraph(jobs: WebFixtures.big().jobs)
        #expect(graph.nodes.count == 1 + 1 + 3 * WebFixtures.fanOut + 2 + 2)
        let view = GraphView(graph: graph, seeds: graph.sources, options: GraphView.Options(up: nil, down: nil))
        #expect(view.items.count == 9)
        #expect(view.items.filter(\.isGroup).map(\.members.count) == [400, 400, 400])
        #expect(!view.truncated)
        #expect(view.placed.count == graph.nodes.count, "every node is in some box")
        let layout = LayeredLayout(count: view.items.count, edges: view.edges)
        #expect(layout.layerCount == 9)
        for edge in view.edges { #expect(layout.layer[edge.to] > layout.layer[edge.from]) }
    }

    @Test func openingAGroupShowsOneChunkAndKeepsTheRestFolded() throws {
        let graph = LineageGraph(jobs: WebFixtures.big().jobs)
        let folded = GraphView(graph: graph, seeds: graph.sources, options: GraphView.Options(up: nil, down: nil))
        let shards = try #require(folded.items.first { $0.isGroup && graph.nodes[$0.members[0]].kind == .artifact })
        let opened = GraphView(graph: graph, seeds: graph.sources, options: GraphView.Options(up: nil, down: nil, expanded: [shards.groupID!]))
        let singles = opened.items.filter { !$0.isGroup && graph.nodes[$0.members[0]].label.hasPrefix("shard-") }
        #expect(singles.count == 40)
        #expect(singles.map { graph.nodes[$0.members[0]].label }.contains("shard-0000.csv"))
        #expect(opened.items.contains { $0.isGroup && $0.members.count == 360 })
        #expect(opened.placed.count == graph.nodes.count)
    }

    @Test func aFocusedWalkStopsAtItsDepthAndFlagsWhatIsBeyond() throws {
        let graph = LineageGraph(jobs: WebFixtures.big().jobs)
        let merge = try #require(graph.index[LineageGraph.jobID("merge000")])
        let view = GraphView(graph: graph, seeds: [merge], options: GraphView.Options(up: 1, down: 1))
        // merge, the folded parts upstream, the model downstream.
        #expect(view.items.count == 3)
        let parts = try #require(view.items.first { $0.isGroup })
        #expect(parts.depth == -1 && parts.atDepthLimit && parts.hiddenUp)
        let model = try #require(view.items.first { !$0.isGroup && $0.depth == 1 })
        #expect(graph.nodes[model.members[0]].label == "model.bin")
        #expect(model.hiddenDown)
    }

    @Test func cyclesEndTheWalkAndTheLayout() {
        // a reads x writes y; b reads y writes x; c reads y.
        func ref(_ name: String) -> ArtifactRef { ArtifactRef(hash: TestDigest.label(name), path: "/\(name)") }
        let jobs = [
            Job(jobUID: "a", command: "a", stepNumber: 1, inputs: [ref("x")], outputs: [ref("y")]),
            Job(jobUID: "b", command: "b", stepNumber: 2, inputs: [ref("y")], outputs: [ref("x")]),
            Job(jobUID: "c", command: "c", stepNumber: 3, inputs: [ref("y")], outputs: [ref("z")]),
        ]
        let graph = LineageGraph(jobs: jobs)
        #expect(graph.sources.isEmpty)
        let view = GraphView(graph: graph, seeds: graph.sources, options: GraphView.Options(up: nil, down: nil))
        #expect(view.placed.count == graph.nodes.count)
        let layout = LayeredLayout(count: view.items.count, edges: view.edges)
        #expect(layout.layerCount >= 3)
        #expect(LayeredLayout.acyclic(count: view.items.count, edges: view.edges).count == view.edges.count - 1)
    }

    @Test func aLongChainStopsAtTheNodeLimit() {
        let chain = (0..<700).map { step in
            Job(
                jobUID: "s\(step)", command: "step \(step)", stepNumber: step,
                inputs: [ArtifactRef(hash: TestDigest.label("c\(step)"), path: "/c\(step)")],
                outputs: [ArtifactRef(hash: TestDigest.label("c\(step + 1)"), path: "/c\(step + 1)")])
        }
        let graph = LineageGraph(jobs: chain)
        let view = GraphView(graph: graph, seeds: graph.sources, options: GraphView.Options(up: nil, down: nil))
        #expect(view.truncated)
        #expect(view.items.count == 300)
        #expect(view.items.last?.hiddenDown == true)
    }

    @Test func escapingCoversTextAndAttributes() {
        #expect(HTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.escape("plain") == "plain")
        #expect(WebFormat.urlComponent("a b/<c>") == "a%20b%2F%3Cc%3E")
        #expect(WebFormat.time(Date(timeIntervalSince1970: 1_795_789_893)) == "2026-11-27 14:31:33 UTC")
        #expect(WebFormat.size(1234) == "1.2 kB")
        #expect(WebFormat.count(1_208) == "1,208")
    }
}
