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
            let prefix = try DigestPrefix(summary.hash)
            if let info = try await store.artifacts(matching: prefix, visibleTo: viewer, limit: 1).first {
                artifacts.append((info, path))
            }
        }
        return WebSearchResults(artifacts: artifacts, more: page.nextAfterID != nil)
    }
}
