import LineageStore

/// How the search page finds things (`StoreWebSearch` on the registry's store); another
/// implementation plugs in by giving it to `WebUI`.
public protocol WebSearch: Sendable {
    /// What matches `query` for `viewer`, at most `limit` of each kind; nil when this search
    /// cannot answer that kind of query (the page then says so).
    func results(for query: WebQuery, viewer: Viewer, limit: Int) async throws -> WebSearchResults?
}

/// What a search found.
public struct WebSearchResults: Sendable {
    /// Artifacts, each with a path it was seen under when the search knows one.
    public var artifacts: [(info: ArtifactInfo, path: String?)]
    public var lineages: [LineageInfo]
    /// True when there were more than `limit` of some kind.
    public var more: Bool

    /// Results as found.
    public init(artifacts: [(info: ArtifactInfo, path: String?)] = [], lineages: [LineageInfo] = [], more: Bool = false) {
        self.artifacts = artifacts
        self.lineages = lineages
        self.more = more
    }

    public var isEmpty: Bool { artifacts.isEmpty && lineages.isEmpty }
}
