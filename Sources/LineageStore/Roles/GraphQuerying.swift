/// The native query API's reads (`/api/graph/v1`; types in Query/): searches by digest, path,
/// label, command and time, walks across lineages, terminal descendants; always through the
/// viewer's eyes.
public protocol GraphQuerying: Sendable {
    /// Artifacts of visible lineages matching every criterion of `search`, by ascending id.
    func searchArtifacts(_ search: ArtifactSearch, visibleTo viewer: Viewer) async throws -> IDPage<ArtifactSummary>
    /// Jobs of visible lineages matching every criterion of `search`, by ascending id.
    func searchJobs(_ search: JobSearch, visibleTo viewer: Viewer) async throws -> IDPage<PublishedJob>
    /// One job of a visible lineage, named by its uid there or by an alias of it.
    func job(lineageHash: String, jobUID: String, visibleTo viewer: Viewer) async throws -> PublishedJob?
    /// A bounded walk up or down the graph across lineages (see `GraphWalker`); nil when the
    /// start does not exist for the viewer.
    func walk(_ request: GraphWalkRequest, visibleTo viewer: Viewer) async throws -> GraphWalkResult?
    /// The artifacts downstream of an artifact that no visible job reads (the leaves of what
    /// was made from it), by ascending id; nil when the artifact does not exist for the viewer.
    func terminalDescendants(of artifactHash: String, visibleTo viewer: Viewer, afterID: Int64?, limit: Int) async throws -> IDPage<ArtifactSummary>?
}
