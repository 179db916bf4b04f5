import Foundation
import LineageModel

/// The one walk algorithm both stores run: breadth first, level by level (a level is a set of
/// jobs and the artifacts on their far side), with a visited set so that cycles end, and every
/// question bounded by the node cap so that memory stays bounded whatever the graph.
///
/// It is a state machine that asks its store questions (`next()`, `receive(_:)`) rather than
/// calling it, so that SQLite answers a whole walk synchronously in one read transaction and
/// PostgreSQL answers over the network, with the algorithm written once (`GraphWalker+Drive`).
package struct GraphWalker {
    /// The largest node cap a caller may ask for.
    package static var maximumNodeLimit: Int { 10_000 }

    /// What the walk needs next: an answer from the store, or nothing more.
    package enum Step {
        case ask(GraphWalkQuery)
        case finished(GraphWalkResult)
    }

    enum Phase {
        /// The jobs in `pendingJobs` are expanded to the artifacts on their far side at `depth`.
        case expandJobs(depth: Int)
        /// The artifacts of `frontier` are expanded to jobs one level further.
        case expandArtifacts
        /// The depth cap was reached: is there anything one hop further?
        case beyond
        case edges, artifactNodes, jobNodes
        case finished(GraphWalkResult)
    }

    let request: GraphWalkRequest
    let startKind: GraphNodeKind
    let startID: Int64
    var state: WalkState
    var phase: Phase
    var frontier: [Int64] = []
    var pendingJobs: [Int64] = []
    var level = 0
    var depthLimitHit = false
    var edges: [WalkEdge] = []
    var artifactNodes: [WalkArtifact] = []
    /// The job rows, when the store gave them with the nodes.
    var knownJobs: [WalkJob]?

    /// A walk of `request` from the node the store resolved its start to.
    package init(_ request: GraphWalkRequest, startKind: GraphNodeKind, startID: Int64) {
        self.request = request
        self.startKind = startKind
        self.startID = startID
        state = WalkState(remaining: Self.nodeCap(request))
        phase = .edges
        switch startKind {
        case .artifact:
            state.artifacts[startID] = 0
            frontier = [startID]
            continueLevels()
        case .job:
            state.jobs[startID] = 0
            pendingJobs = [startID]
            phase = .expandJobs(depth: 0)
        }
    }

    /// A walk whose nodes a store already found, rows and depths (in one recursive query):
    /// only the edges between them are left to ask for. The nodes include the start; they
    /// must be what the level-by-level walk would admit, under the cap.
    package init(
        _ request: GraphWalkRequest, startKind: GraphNodeKind, startID: Int64, artifacts: [WalkArtifact], jobs: [WalkJob], depthLimitHit: Bool
    ) {
        self.request = request
        self.startKind = startKind
        self.startID = startID
        state = WalkState(remaining: max(0, Self.nodeCap(request) - (artifacts.count + jobs.count - 1)))
        for artifact in artifacts { state.artifacts[artifact.id] = artifact.depth }
        for job in jobs { state.jobs[job.id] = job.depth }
        artifactNodes = artifacts
        knownJobs = jobs
        self.depthLimitHit = depthLimitHit
        phase = .edges
    }

    /// The largest number of nodes, the start excluded, a walk of `request` may answer.
    package static func nodeCap(_ request: GraphWalkRequest) -> Int {
        max(0, min(request.nodeLimit, maximumNodeLimit))
    }

    /// The next question, or the result once every question is answered.
    package func next() -> Step {
        let direction = request.direction
        switch phase {
        case .expandJobs:
            // Already visited neighbours are at most the visited count, so this limit always
            // shows whether more than `remaining` new ones exist.
            return .ask(.neighbours(of: pendingJobs, from: .job, direction: direction, limit: state.remaining + state.artifacts.count + 1))
        case .expandArtifacts:
            return .ask(.neighbours(of: frontier, from: .artifact, direction: direction, limit: state.remaining + state.jobs.count + 1))
        case .beyond:
            return .ask(.neighbours(of: frontier, from: .artifact, direction: direction, limit: state.jobs.count + 1))
        case .edges:
            return .ask(.edges(jobIDs: state.jobs.keys.sorted(), artifactIDs: state.artifacts.keys.sorted(), limit: edgeLimit + 1))
        case .artifactNodes:
            return .ask(.artifactNodes(state.artifacts.keys.sorted()))
        case .jobNodes:
            return .ask(.jobNodes(state.jobs.keys.sorted()))
        case .finished(let result):
            return .finished(result)
        }
    }

    /// Takes the store's answer to the question `next()` asked.
    package mutating func receive(_ answer: GraphWalkAnswer) throws {
        switch (phase, answer) {
        case (.expandJobs(let depth), .ids(let found)):
            frontier = admit(found, from: .job, depth: depth)
            continueLevels()
        case (.expandArtifacts, .ids(let found)):
            let jobs = admit(found, from: .artifact, depth: level + 1)
            if jobs.isEmpty || state.nodeLimitHit {
                if !jobs.isEmpty { level += 1 }
                frontier = []
                continueLevels()
            } else {
                level += 1
                pendingJobs = jobs
                phase = .expandJobs(depth: level)
            }
        case (.beyond, .ids(let found)):
            depthLimitHit = found.contains { state.jobs[$0] == nil }
            phase = .edges
        case (.edges, .edges(let found)):
            edges = found
            if let knownJobs {
                phase = .finished(result(jobs: knownJobs))
            } else {
                phase = .artifactNodes
            }
        case (.artifactNodes, .artifacts(let found)):
            artifactNodes = found
            phase = .jobNodes
        case (.jobNodes, .jobs(let found)):
            phase = .finished(result(jobs: found))
        default:
            if case .ask(let query) = next() { throw GraphWalkAnswerMismatch(query: query) }
        }
    }

    /// After a level's artifacts are known: another level, a look past the depth cap, or the end.
    mutating func continueLevels() {
        guard !state.nodeLimitHit, !frontier.isEmpty else {
            phase = .edges
            return
        }
        if level < request.depth {
            phase = .expandArtifacts
        } else {
            phase = level == request.depth ? .beyond : .edges
        }
    }

    /// Admits the unvisited ids among `found` at `depth`, up to the remaining cap; returns them.
    mutating func admit(_ found: [Int64], from: GraphNodeKind, depth: Int) -> [Int64] {
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

    /// The most edges an answer lists: the edge cap, separate from the node cap.
    var edgeLimit: Int { 4 * (state.artifacts.count + state.jobs.count) + 16 }

    /// The visited nodes with their depth, and what is left of the cap.
    struct WalkState {
        var artifacts: [Int64: Int] = [:]
        var jobs: [Int64: Int] = [:]
        var remaining: Int
        var nodeLimitHit = false
    }
}
