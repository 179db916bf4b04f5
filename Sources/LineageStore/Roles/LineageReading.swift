import LineageModel

/// The reads roar-cli's protocol needs (lookups by digest prefix, a lineage and its jobs, the
/// jobs around an artifact), always through the viewer's eyes: a private lineage is invisible
/// to everyone but its owner (`PublicationVisibility`).
public protocol LineageReading: Sendable {
    /// Artifacts with any digest starting with `prefix`, at most `limit`; see `resolveArtifact`
    /// for the one artifact a prefix names.
    func artifacts(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [ArtifactInfo]
    func lineage(hash: String, visibleTo viewer: Viewer) async throws -> LineageInfo?
    /// Lineages with a hash starting with `prefix` (8+ hex characters).
    func lineages(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [LineageInfo]
    /// The newest lineages the viewer lists (their own and their projects' when signed in,
    /// else public ones) in the listing's window and page, with how many the window holds.
    func recentLineages(_ listing: LineageListing, visibleTo viewer: Viewer) async throws -> (lineages: [LineageInfo], total: Int)
    /// The jobs of a lineage, by step; the caller has checked the lineage is visible.
    func jobs(inLineage hash: String) async throws -> [PublishedJob]
    /// Jobs in visible lineages that wrote (`.output`) or read (`.input`) the artifact, newest
    /// first (so the latest recipe of an artifact is the one reproduced).
    func jobs(touching artifactHash: String, direction: EdgeDirection, visibleTo viewer: Viewer, limit: Int) async throws -> [PublishedJob]
    /// The jobs of one lineage that the artifact depends on, walking producers upstream,
    /// in execution order.
    func upstreamJobs(of artifactHash: String, inLineage hash: String) async throws -> [PublishedJob]
    /// The component list of a composite as the highest-ranked visible lineage that gave one
    /// states it (`ArtifactFacts`).
    func components(ofComposite artifactHash: String, visibleTo viewer: Viewer) async throws -> [Composite.Component]
    /// Hashes of the lineages `viewer` can see greater than `after` (nil: from the start), in
    /// ascending order, at most `limit`: what a reader may export, page by page.
    func lineageHashes(after: String?, limit: Int, visibleTo viewer: Viewer) async throws -> [String]
    /// Whether the viewer owns a publication of the lineage outside projects, or is a member of
    /// the organization of a project it was published into: who may edit its labels.
    func isOwner(_ viewer: Viewer, ofLineage hash: String) async throws -> Bool
    /// The uid under which a lineage stores the job that `uid` names (itself, or the job it is
    /// an alias of); nil when the lineage has no such job.
    func resolveJobUID(_ uid: String, inLineage hash: String) async throws -> String?
    /// Whether a lineage mentions the artifact (as an edge, or as a described artifact).
    func containsArtifact(_ artifactHash: String, inLineage hash: String) async throws -> Bool
    /// Lineages (visible to the viewer) that contain the artifact.
    func lineageHashes(containing artifactHash: String, visibleTo viewer: Viewer, limit: Int) async throws -> [String]
}

extension LineageReading {
    /// The newest `limit` lineages the viewer lists, with how many there are in all.
    public func recentLineages(visibleTo viewer: Viewer, limit: Int) async throws -> (lineages: [LineageInfo], total: Int) {
        try await recentLineages(LineageListing(limit: limit), visibleTo: viewer)
    }
}
