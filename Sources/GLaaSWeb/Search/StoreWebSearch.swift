import LineageModel
import LineageStore

/// The search box on the registry's store: digest and lineage-hash prefixes with the indexed
/// prefix lookup for lineages; artifacts by digest prefix, path (substring) and tag (`tag:name`,
/// `tag:key=value` on the current label document) with the query API's `searchArtifacts`, which
/// pages and filters by registration time.
public struct StoreWebSearch: WebSearch {
    let store: any WebStore

    /// A search over `store`.
    public init(store: any WebStore) {
        self.store = store
    }

    public func results(for query: WebQuery, page: WebSearchPage, viewer: Viewer, limit: Int) async throws -> WebSearchResults? {
        var search = ArtifactSearch(since: page.since, until: page.until, afterID: page.afterID, limit: limit)
        var lineages: [LineageInfo] = []
        var moreLineages = false
        switch query {
        case .digestPrefix(let prefix):
            search.digestPrefix = prefix
            if page.afterID == nil {
                // Few lineages share an 8+ character prefix: the window is applied to them here.
                let matching = try await store.lineages(matching: prefix, visibleTo: viewer, limit: limit + 1)
                moreLineages = matching.count > limit
                lineages = Array(matching.prefix(limit).filter { page.contains($0.createdAt) })
            }
        case .path(let text):
            search.pathContains = text
        case .tag(let key, let value):
            // `tag:pii` is the compliance tag `tag.pii`; a dotted key names any label key.
            search.label = key.contains(".") ? try LabelFilter(dottedKey: key, value: value) : try LabelFilter(dottedKey: "tag." + key, value: value)
        }
        var results = try await found(search, viewer: viewer, path: query.pathText)
        results.lineages = lineages
        results.more = results.more || moreLineages
        return results
    }

    /// The artifacts of a search page, described as the artifact page lists them.
    func found(_ search: ArtifactSearch, viewer: Viewer, path: String?) async throws -> WebSearchResults {
        let page = try await store.searchArtifacts(search, visibleTo: viewer)
        var artifacts: [(info: ArtifactInfo, path: String?)] = []
        for summary in page.items {
            // An artifact known only by a digest that is not hex (an S3 etag) cannot be looked up
            // by prefix; it is listed from its summary rather than failing the page.
            guard let prefix = try? DigestPrefix(summary.hash) else {
                if let info = Self.info(summary) { artifacts.append((info, path)) }
                continue
            }
            if let info = try await store.artifacts(matching: prefix, visibleTo: viewer, limit: 1).first {
                artifacts.append((info, path))
            }
        }
        return WebSearchResults(artifacts: artifacts, more: page.nextAfterID != nil, nextAfterID: page.nextAfterID)
    }

    /// What the search page shows of an artifact from its summary alone (visibility and owner
    /// are not shown there; the search already checked the viewer may see it).
    static func info(_ summary: ArtifactSummary) -> ArtifactInfo? {
        guard let digest = try? Digest(algorithm: summary.algorithm, hex: summary.hash),
            let artifact = try? Artifact(digests: [digest], size: summary.size, kind: summary.kind)
        else { return nil }
        return ArtifactInfo(
            id: summary.id, artifact: artifact, registeredAt: summary.registeredAt, originalLineageHash: nil, visibility: .public,
            ownerName: nil, ownerID: nil, componentCount: nil)
    }
}
