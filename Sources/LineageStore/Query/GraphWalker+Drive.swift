import Foundation
import LineageModel

extension GraphWalker {
    /// Walks with a store that answers synchronously (inside one read transaction), from
    /// `walker` when the store already found the nodes.
    package static func walk(
        _ request: GraphWalkRequest, from start: (GraphNodeKind, Int64), reader: some GraphWalkReader, walker found: GraphWalker? = nil
    ) throws -> GraphWalkResult {
        var walker = found ?? GraphWalker(request, startKind: start.0, startID: start.1)
        while true {
            switch walker.next() {
            case .ask(let query): try walker.receive(reader.answer(query))
            case .finished(let result): return result
            }
        }
    }

    /// Walks with a store that answers asynchronously (over the network), from `walker` when
    /// the store already found the nodes.
    package static func walk(
        _ request: GraphWalkRequest, from start: (GraphNodeKind, Int64), source: some GraphWalkSource, walker found: GraphWalker? = nil
    ) async throws -> GraphWalkResult {
        var walker = found ?? GraphWalker(request, startKind: start.0, startID: start.1)
        while true {
            switch walker.next() {
            case .ask(let query): try walker.receive(await source.answer(query))
            case .finished(let result): return result
            }
        }
    }

    /// The answer, from the visited nodes and what the store said about them.
    func result(jobs jobRows: [WalkJob]) -> GraphWalkResult {
        var artifacts = artifactNodes.map { node in
            var node = node
            node.depth = state.artifacts[node.id] ?? 0
            return node
        }
        var jobs = jobRows.map { node in
            var node = node
            node.depth = state.jobs[node.id] ?? 0
            return node
        }
        let startArtifact = startKind == .artifact ? artifacts.first { $0.id == startID } : nil
        let startJob = startKind == .job ? jobs.first { $0.id == startID } : nil
        artifacts.removeAll { startKind == .artifact && $0.id == startID }
        jobs.removeAll { startKind == .job && $0.id == startID }
        artifacts.sort { ($0.depth, $0.id) < ($1.depth, $1.id) }
        jobs.sort { ($0.depth, $0.id) < ($1.depth, $1.id) }
        let depthReached = max(artifacts.map(\.depth).max() ?? 0, jobs.map(\.depth).max() ?? 0)
        return GraphWalkResult(
            startArtifact: startArtifact, startJob: startJob, artifacts: artifacts, jobs: jobs,
            edges: Array(edges.sorted { ($0.jobID, $0.artifactID) < ($1.jobID, $1.artifactID) }.prefix(edgeLimit)),
            nodeLimitHit: state.nodeLimitHit, depthLimitHit: depthLimitHit, edgeLimitHit: edges.count > edgeLimit,
            depthReached: depthReached)
    }
}
