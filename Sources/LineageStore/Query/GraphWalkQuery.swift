import Foundation
import LineageModel

/// Which kind of node a set of store ids names.
package enum GraphNodeKind: Sendable {
    case artifact, job
}

/// One question `GraphWalker` asks its store. Every id list given, and every list answered, is
/// bounded by the walk's node cap.
package enum GraphWalkQuery: Sendable, Equatable {
    /// Distinct ids one hop from `ids` (nodes of kind `from`) in `direction`, through jobs of
    /// lineages the viewer sees, in ascending order, at most `limit`; answered by `.ids`.
    case neighbours(of: [Int64], from: GraphNodeKind, direction: WalkDirection, limit: Int)
    /// The artifacts with these ids (depth 0); answered by `.artifacts`.
    case artifactNodes([Int64])
    /// The jobs with these ids (depth 0); answered by `.jobs`.
    case jobNodes([Int64])
    /// Edges whose job is among `jobIDs` and whose artifact is among `artifactIDs`, at most
    /// `limit`; answered by `.edges`.
    case edges(jobIDs: [Int64], artifactIDs: [Int64], limit: Int)
}

/// A store's answer to a `GraphWalkQuery`.
package enum GraphWalkAnswer: Sendable {
    case ids([Int64])
    case artifacts([WalkArtifact])
    case jobs([WalkJob])
    case edges([WalkEdge])
}

/// A store that answers a walk's questions synchronously, inside one read transaction (SQLite):
/// the whole walk then sees one snapshot and pays no scheduling cost per level.
package protocol GraphWalkReader {
    func answer(_ query: GraphWalkQuery) throws -> GraphWalkAnswer
}

/// A store that answers a walk's questions over the network (PostgreSQL).
package protocol GraphWalkSource: Sendable {
    func answer(_ query: GraphWalkQuery) async throws -> GraphWalkAnswer
}

/// A store answered a walk's question with the wrong kind of answer: a programming error in
/// the store, reported rather than trapped.
struct GraphWalkAnswerMismatch: Error, CustomStringConvertible {
    let query: GraphWalkQuery
    var description: String { "graph walk: the store answered \(query) with the wrong kind of answer" }
}

/// A store whose walks first try one recursive query: it also walks without it, level by level
/// as `GraphWalker` defines, so that tests can check both give the same answer.
package protocol LevelByLevelWalking {
    func walkLevelByLevel(_ request: GraphWalkRequest, visibleTo viewer: Viewer) async throws -> GraphWalkResult?
}
