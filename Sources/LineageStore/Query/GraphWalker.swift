import Foundation
import LineageModel

/// Which kind of node a set of store ids names.
package enum GraphNodeKind: Sendable {
    case artifact, job
}

/// The few queries a store answers so that `GraphWalker` can walk its graph. Every id list
/// given or returned is bounded by the walk's node cap.
package protocol GraphWalkSource: Sendable {
    /// The store id of the start, when it exists and the viewer may see it.
    func resolve(_ node: GraphNode) async throws -> (GraphNodeKind, Int64)?
    /// Distinct ids one hop from `ids` (nodes of kind `from`) in `direction`, through jobs of
    /// lineages the viewer sees, in ascending order, at most `limit`.
    func neighbours(of ids: [Int64], from: GraphNodeKind, direction: WalkDirection, limit: Int) async throws -> [Int64]
    /// The artifacts with these ids (depth 0).
    func artifactNodes(_ ids: [Int64]) async throws -> [WalkArtifact]
    /// The jobs with these ids (depth 0).
    func jobNodes(_ ids: [Int64]) async throws -> [WalkJob]
    /// Edges whose job is among `jobIDs` and whose artifact is among `artifactIDs`, at most `limit`.
    func edges(jobIDs: [Int64], artifactIDs: [Int64], limit: Int) async throws -> [WalkEdge]
}

/// The one walk algorithm both stores run: breadth first, level by level (a level is a set of
/// jobs and the artifacts on their far side), with a visited set so that cycles end, and every
/// query bounded by the node cap so that memory stays bounded whatever the graph.
package struct GraphWalker<Source: GraphWalkSource> {
    /// The largest node cap a caller may ask for.
    package static var maximumNodeLimit: Int { 10_000 }

    let source: Source

    package init(source: Source) {
        self.source = source
    }

    /// Walks; nil when the start does not exist for the viewer.
    package func walk(_ request: GraphWalkRequest) async throws -> GraphWalkResult? {
        guard let resolved = try await source.resolve(request.start) else { return nil }
        let (kind, startID) = resolved
        var state = WalkState(remaining: max(0, min(request.nodeLimit, Self.maximumNodeLimit)))
        var frontier: [Int64] = []
        switch kind {
        case .artifact:
            state.artifacts[startID] = 0
            frontier = [startID]
        case .job:
            state.jobs[startID] = 0
            frontier = try await step([startID], from: .job, request.direction, &state, depth: 0)
        }
        var level = 0
        while !state.nodeLimitHit, level < request.depth, !frontier.isEmpty {
            let jobs = try await step(frontier, from: .artifact, request.direction, &state, depth: level + 1)
            guard !jobs.isEmpty else {
                frontier = []
                break
            }
            level += 1
            if state.nodeLimitHit {
                frontier = []
            } else {
                frontier = try await step(jobs, from: .job, request.direction, &state, depth: level)
            }
        }
        var depthLimitHit = false
        if !state.nodeLimitHit, level == request.depth, !frontier.isEmpty {
            let beyond = try await source.neighbours(of: frontier, from: .artifact, direction: request.direction, limit: state.jobs.count + 1)
            depthLimitHit = beyond.contains { state.jobs[$0] == nil }
        }
        return try await result(state, kind: kind, startID: startID, depthLimitHit: depthLimitHit)
    }

    /// Admits the unvisited neighbours of `ids` at `depth`, up to the remaining cap; returns them.
    func step(_ ids: [Int64], from: GraphNodeKind, _ direction: WalkDirection, _ state: inout WalkState, depth: Int) async throws -> [Int64] {
        let visitedCount = from == .artifact ? state.jobs.count : state.artifacts.count
        // Already visited neighbours are at most `visitedCount`, so this limit always shows
        // whether more than `remaining` new ones exist.
        let found = try await source.neighbours(of: ids, from: from, direction: direction, limit: state.remaining + visitedCount + 1)
        var admitted: [Int64] = []
        for id in found {
            let isNew = from == .artifact ? state.jobs[id] == nil : state.artifacts[id] == nil
            guard isNew else { continue }
            guard state.remaining > 0 else {
                state.nodeLimitHit = true
                break
            }
            if from == .artifact { state.jobs[id] = depth } else { state.artifacts[id] = depth }
            state.remaining -= 1
            admitted.append(id)
        }
        return admitted
    }

    func result(_ state: WalkState, kind: GraphNodeKind, startID: Int64, depthLimitHit: Bool) async throws -> GraphWalkResult {
        let edgeLimit = 4 * (state.artifacts.count + state.jobs.count) + 16
        let edges = try await source.edges(jobIDs: Array(state.jobs.keys).sorted(), artifactIDs: Array(state.artifacts.keys).sorted(), limit: edgeLimit + 1)
        var artifacts = try await source.artifactNodes(Array(state.artifacts.keys).sorted()).map { node in
            var node = node
            node.depth = state.artifacts[node.id] ?? 0
            return node
        }
        var jobs = try await source.jobNodes(Array(state.jobs.keys).sorted()).map { node in
            var node = node
            node.depth = state.jobs[node.id] ?? 0
            return node
        }
        let startArtifact = kind == .artifact ? artifacts.first { $0.id == startID } : nil
        let startJob = kind == .job ? jobs.first { $0.id == startID } : nil
        artifacts.removeAll { kind == .artifact && $0.id == startID }
        jobs.removeAll { kind == .job && $0.id == startID }
        artifacts.sort { ($0.depth, $0.id) < ($1.depth, $1.id) }
        jobs.sort { ($0.depth, $0.id) < ($1.depth, $1.id) }
        let depthReached = max(artifacts.map(\.depth).max() ?? 0, jobs.map(\.depth).max() ?? 0)
        return GraphWalkResult(
            startArtifact: startArtifact, startJob: startJob, artifacts: artifacts, jobs: jobs,
            edges: Array(edges.sorted { ($0.jobID, $0.artifactID) < ($1.jobID, $1.artifactID) }.prefix(edgeLimit)),
            nodeLimitHit: state.nodeLimitHit, depthLimitHit: depthLimitHit, edgeLimitHit: edges.count > edgeLimit,
            depthReached: depthReached)
    }

    /// The visited nodes with their depth, and what is left of the cap.
    struct WalkState {
        var artifacts: [Int64: Int] = [:]
        var jobs: [Int64: Int] = [:]
        var remaining: Int
        var nodeLimitHit = false
    }
}
