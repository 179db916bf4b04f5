import Foundation
import LineageModel

/// A node of the lineage graph, as a walk starts from it: artifacts are shared by every lineage
/// that mentions them, so walks cross from one lineage into another through them.
public enum GraphNode: Sendable, Hashable {
    /// An artifact by its canonical digest.
    case artifact(hash: String)
    /// A job by the lineage it was published in and its uid there.
    case job(lineageHash: String, jobUID: String)
}

/// Which way a walk follows edges.
public enum WalkDirection: String, Sendable, Hashable, CaseIterable {
    /// Toward what was read to make the start (producers, their inputs, …).
    case upstream
    /// Toward what was made from the start (consumers, their outputs, …).
    case downstream
}

/// A bounded walk: at most `depth` jobs away from the start, at most `nodeLimit` nodes.
public struct GraphWalkRequest: Sendable, Hashable {
    public var start: GraphNode
    public var direction: WalkDirection
    /// How many jobs away the walk goes: 1 reaches the direct consumers (or producers) of an
    /// artifact and their outputs (inputs); from a job, 0 is its own outputs (inputs).
    public var depth: Int
    /// The most nodes (artifacts and jobs, the start excluded) the answer holds.
    public var nodeLimit: Int

    /// A walk request.
    public init(start: GraphNode, direction: WalkDirection, depth: Int, nodeLimit: Int) {
        self.start = start
        self.direction = direction
        self.depth = depth
        self.nodeLimit = nodeLimit
    }
}

/// An artifact a walk reached.
public struct WalkArtifact: Sendable, Hashable {
    public var id: Int64
    public var hash: String
    public var size: Int64
    public var kind: Artifact.Kind
    /// How many jobs lie between it and the start.
    public var depth: Int

    /// An artifact at a depth.
    public init(id: Int64, hash: String, size: Int64, kind: Artifact.Kind, depth: Int) {
        self.id = id
        self.hash = hash
        self.size = size
        self.kind = kind
        self.depth = depth
    }
}

/// A job a walk reached, with what identifies it across the registry.
public struct WalkJob: Sendable, Hashable {
    public var id: Int64
    public var lineageHash: String
    public var jobUID: String
    public var command: String?
    public var stepNumber: Int
    public var timestamp: Double?
    /// How many jobs lie between it and the start, itself included.
    public var depth: Int

    /// A job at a depth.
    public init(id: Int64, lineageHash: String, jobUID: String, command: String?, stepNumber: Int, timestamp: Double?, depth: Int) {
        self.id = id
        self.lineageHash = lineageHash
        self.jobUID = jobUID
        self.command = command
        self.stepNumber = stepNumber
        self.timestamp = timestamp
        self.depth = depth
    }
}

/// "This job read (`.input`) or wrote (`.output`) this artifact", by store ids.
public struct WalkEdge: Sendable, Hashable {
    public var jobID: Int64
    public var artifactID: Int64
    public var direction: EdgeDirection

    /// An edge.
    public init(jobID: Int64, artifactID: Int64, direction: EdgeDirection) {
        self.jobID = jobID
        self.artifactID = artifactID
        self.direction = direction
    }
}

/// What a walk found, and whether it stopped early: never a silently partial answer.
public struct GraphWalkResult: Sendable, Hashable {
    /// The start, as a walk node (its `depth` is 0).
    public var startArtifact: WalkArtifact?
    public var startJob: WalkJob?
    /// Reached artifacts and jobs, by depth then id.
    public var artifacts: [WalkArtifact]
    public var jobs: [WalkJob]
    /// Edges among the start and the reached nodes (at most `edgeLimit` of them).
    public var edges: [WalkEdge]
    /// The node cap stopped the walk: nodes beyond it were not included.
    public var nodeLimitHit: Bool
    /// Nodes lie beyond the requested depth.
    public var depthLimitHit: Bool
    /// More edges among the included nodes existed than the answer lists.
    public var edgeLimitHit: Bool
    /// The deepest level that holds a node.
    public var depthReached: Int

    /// Whether any cap cut the answer.
    public var truncated: Bool { nodeLimitHit || depthLimitHit || edgeLimitHit }

    /// A result.
    public init(
        startArtifact: WalkArtifact?, startJob: WalkJob?, artifacts: [WalkArtifact], jobs: [WalkJob], edges: [WalkEdge],
        nodeLimitHit: Bool, depthLimitHit: Bool, edgeLimitHit: Bool, depthReached: Int
    ) {
        self.startArtifact = startArtifact
        self.startJob = startJob
        self.artifacts = artifacts
        self.jobs = jobs
        self.edges = edges
        self.nodeLimitHit = nodeLimitHit
        self.depthLimitHit = depthLimitHit
        self.edgeLimitHit = edgeLimitHit
        self.depthReached = depthReached
    }
}
