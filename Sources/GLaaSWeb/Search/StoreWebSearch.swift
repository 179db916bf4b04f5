import LineageModel
import LineageStore

/// The search box on the registry's store: digest and lineage-hash prefixes with the indexed
/// prefix lookups; paths (substring) and tags (`tag:name`, `tag:key=value` on the current label
/// document) with the query API's `searchArtifacts`.
public struct StoreWebSearch: WebSearch {
    let store: any WebStore

    /// A search over `store`.
    public init(store: any WebStore) {
        self.store = store
    }

    public func results(for query: WebQuery, viewer: Viewer, limit: Int) async throws -> WebSearchResults? {
        switch query {
        case .digestPrefix(let prefix):
            let artifacts = try await store.artifacts(matching: prefix, visibleTo: viewer, limit: limit + 1)
            let lineages = try await store.lineages(matching: prefix, visibleTo: viewer, limit: limit + 1)
            return WebSearchResults(
                artifacts: artifacts.prefix(limit).map { ($0, nil) }, lineages: Array(lineages.prefix(limit)),
                more: artifacts.count > limit || lineages.count > limit)
        case .path(let text):
            return try await found(ArtifactSearch(pathContains: text, limit: limit), viewer: viewer, path: text)
        case .tag(let key, let value):
            // `tag:pii` is the compliance tag `tag.pii`; a dotted key names any label key.
            let filter = key.contains(".") ? try LabelFilter(dottedKey: key, value: value) : try LabelFilter(dottedKey: "tag." + key, value: value)
            return try await found(ArtifactSearch(label: filter, limit: limit), viewer: viewer, path: nil)
        }
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
        return WebSearchResults(artifacts: artifacts, more: page.nextAfterID != nil)
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
