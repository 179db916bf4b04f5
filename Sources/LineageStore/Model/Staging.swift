import LineageModel

/// Which side of a job an edge is on.
public enum EdgeDirection: String, Sendable, Codable {
    case input, output
}

/// How staging one job went, in the order the jobs were sent.
public struct JobStagingResult: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// First time this session saw the job.
        case created
        /// Staged again in the same session.
        case existing
        /// Already published by the same creator in these lineages; staged nonetheless.
        case alreadyRegistered([String])
    }

    public var jobUID: String
    /// A number the client may keep as the job's id.
    public var id: Int64
    public var state: State

    public init(jobUID: String, id: Int64, state: State) {
        self.jobUID = jobUID
        self.id = id
        self.state = state
    }
}

/// Everything staged in one registration session, ready to be checked and published.
public struct StagedLineage: Sendable {
    public var jobs: [Job]
    public var artifacts: [Artifact]
    public var composites: [Composite]
    public var viewEdges: [String: [ViewEdge]]
    public var linkCount: Int

    public init(jobs: [Job], artifacts: [Artifact], composites: [Composite], viewEdges: [String: [ViewEdge]], linkCount: Int) {
        self.jobs = jobs
        self.artifacts = artifacts
        self.composites = composites
        self.viewEdges = viewEdges
        self.linkCount = linkCount
    }
}

/// A complete lineage to publish, with the facts about its artifacts that the client sent.
public struct LineagePublication: Sendable {
    public var lineage: Lineage
    public var hash: String
    public var artifacts: [Artifact]
    public var composites: [Composite]
    public var viewEdges: [String: [ViewEdge]]
    public var visibility: Visibility
    public var ownerUserID: String?
    /// The project published into (`PublicationRecord.projectID`).
    public var projectID: String?
    public var registrationSessionID: String?

    public init(
        lineage: Lineage, artifacts: [Artifact] = [], composites: [Composite] = [], viewEdges: [String: [ViewEdge]] = [:],
        visibility: Visibility, ownerUserID: String?, projectID: String? = nil, registrationSessionID: String? = nil
    ) {
        self.projectID = projectID
        self.lineage = lineage
        self.hash = lineage.canonicalHash
        self.artifacts = artifacts
        self.composites = composites
        self.viewEdges = viewEdges
        self.visibility = visibility
        self.ownerUserID = ownerUserID
        self.registrationSessionID = registrationSessionID
    }

    /// Distinct (job, content hash) edges, as the client counts them for `expected`.
    public var edgeCounts: (jobs: Int, inputs: Int, outputs: Int) {
        (
            lineage.jobs.count,
            lineage.jobs.reduce(0) { $0 + ArtifactRef.deduplicatedByHash($1.inputs).count },
            lineage.jobs.reduce(0) { $0 + ArtifactRef.deduplicatedByHash($1.outputs).count }
        )
    }
}
