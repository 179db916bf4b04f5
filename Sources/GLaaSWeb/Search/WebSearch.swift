import Foundation
import LineageStore

/// How the search page finds things (`StoreWebSearch` on the registry's store); another
/// implementation plugs in by giving it to `WebUI`.
public protocol WebSearch: Sendable {
    /// What matches `query` for `viewer` in `page` (registered in its window, artifacts after
    /// its cursor), at most `limit` of each kind; nil when this search cannot answer that kind
    /// of query (the page then says so).
    func results(for query: WebQuery, page: WebSearchPage, viewer: Viewer, limit: Int) async throws -> WebSearchResults?
}

/// Which page of a search: a registration-time window and the artifact id to continue after.
public struct WebSearchPage: Sendable, Hashable {
    public var since: Date?
    public var until: Date?
    /// The previous page's `nextAfterID`; lineages are listed on the first page only.
    public var afterID: Int64?

    /// A page; with nothing set, the first page of everything.
    public init(since: Date? = nil, until: Date? = nil, afterID: Int64? = nil) {
        self.since = since
        self.until = until
        self.afterID = afterID
    }

    /// Whether the page is the unfiltered first one.
    public var isFirstUnfiltered: Bool { since == nil && until == nil && afterID == nil }

    /// Whether an instant is in the window.
    public func contains(_ date: Date) -> Bool {
        (since.map { date >= $0 } ?? true) && (until.map { date < $0 } ?? true)
    }
}

/// What a search found.
public struct WebSearchResults: Sendable {
    /// Artifacts, each with a path it was seen under when the search knows one.
    public var artifacts: [(info: ArtifactInfo, path: String?)]
    public var lineages: [LineageInfo]
    /// True when there were more than `limit` of some kind.
    public var more: Bool
    /// Where the next page of artifacts starts, when there is one.
    public var nextAfterID: Int64?

    /// Results as found.
    public init(
        artifacts: [(info: ArtifactInfo, path: String?)] = [], lineages: [LineageInfo] = [], more: Bool = false, nextAfterID: Int64? = nil
    ) {
        self.artifacts = artifacts
        self.lineages = lineages
        self.more = more
        self.nextAfterID = nextAfterID
    }

    public var isEmpty: Bool { artifacts.isEmpty && lineages.isEmpty }
}
