import Foundation
import LineageModel

/// An artifact as a reader sees it: its identity plus what the visible lineages say about it.
public struct ArtifactInfo: Sendable, Hashable {
    public var id: Int64
    public var artifact: Artifact
    /// When the registry first saw it.
    public var registeredAt: Date
    /// The first visible lineage it appeared in.
    public var originalLineageHash: String?
    /// The most public visibility among the lineages the viewer can see it in.
    public var visibility: Visibility
    public var ownerName: String?
    public var ownerID: String?
    public var componentCount: Int?
    /// The current label documents of the artifact in the visible lineages that label it, in
    /// the rank of their lineages' claims (an artifact label lives in a lineage's scope).
    public var labels: [LabelVersion]
    /// What each visible lineage said about the artifact, in rank order (`ArtifactFacts`).
    public var claims: [ArtifactClaim]
    /// Facts the visible lineages disagree on.
    public var conflicts: [FactConflict]

    public init(
        id: Int64, artifact: Artifact, registeredAt: Date, originalLineageHash: String?, visibility: Visibility,
        ownerName: String?, ownerID: String?, componentCount: Int?, labels: [LabelVersion] = [], claims: [ArtifactClaim] = [],
        conflicts: [FactConflict] = []
    ) {
        self.id = id
        self.artifact = artifact
        self.registeredAt = registeredAt
        self.originalLineageHash = originalLineageHash
        self.visibility = visibility
        self.ownerName = ownerName
        self.ownerID = ownerID
        self.componentCount = componentCount
        self.labels = labels
        self.claims = claims
        self.conflicts = conflicts
    }
}

/// A job as stored in a published lineage.
public struct PublishedJob: Sendable, Hashable {
    public var id: Int64
    public var lineageHash: String
    public var job: Job

    public init(id: Int64, lineageHash: String, job: Job) {
        self.id = id
        self.lineageHash = lineageHash
        self.job = job
    }
}

/// A published lineage's header.
public struct LineageInfo: Sendable, Hashable {
    public var id: Int64
    public var hash: String
    public var git: GitContext
    public var creatorIdentity: String
    public var jobCount: Int
    public var createdAt: Date
    /// The most public visibility the viewer can see it with.
    public var visibility: Visibility
    public var ownerID: String?
    public var ownerName: String?

    public init(
        id: Int64, hash: String, git: GitContext, creatorIdentity: String, jobCount: Int, createdAt: Date,
        visibility: Visibility, ownerID: String?, ownerName: String?
    ) {
        self.id = id
        self.hash = hash
        self.git = git
        self.creatorIdentity = creatorIdentity
        self.jobCount = jobCount
        self.createdAt = createdAt
        self.visibility = visibility
        self.ownerID = ownerID
        self.ownerName = ownerName
    }
}

/// The outcome of `publish`.
public struct PublishResult: Sendable, Hashable {
    public var receipt: FinalizeReceipt
    /// True when this call closed the session; false when another finalize had already done it
    /// (the receipt is then that finalize's).
    public var closedByThisCall: Bool

    public init(receipt: FinalizeReceipt, closedByThisCall: Bool) {
        self.receipt = receipt
        self.closedByThisCall = closedByThisCall
    }
}
