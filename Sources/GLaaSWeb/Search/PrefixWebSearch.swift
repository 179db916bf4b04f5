import LineageStore

/// Search by digest prefix (any algorithm of any artifact) and by lineage-hash prefix, with the
/// store's indexed prefix lookups. Paths and tags are not answered here (see `WebSearch`).
public struct PrefixWebSearch: WebSearch {
    let store: any LineageStore

    /// A search over `store`.
    public init(store: any LineageStore) {
        self.store = store
    }

    public func results(for query: WebQuery, viewer: Viewer, limit: Int) async throws -> WebSearchResults? {
        guard case .digestPrefix(let prefix) = query else { return nil }
        let artifacts = try await store.artifacts(matching: prefix, visibleTo: viewer, limit: limit + 1)
        let lineages = try await store.lineages(matching: prefix, visibleTo: viewer, limit: limit + 1)
        return WebSearchResults(
            artifacts: artifacts.prefix(limit).map { ($0, nil) }, lineages: Array(lineages.prefix(limit)),
            more: artifacts.count > limit || lineages.count > limit)
    }
}
