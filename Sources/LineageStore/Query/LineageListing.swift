import Foundation

/// A page of the newest lineages a viewer may list (the registry's home page): newest first,
/// optionally within a time window, continuing below the previous page's last id.
public struct LineageListing: Sendable, Hashable {
    /// Registered at or after this instant.
    public var since: Date?
    /// Registered before this instant.
    public var until: Date?
    /// Only lineages with an id below this (the previous page's last id).
    public var beforeID: Int64?
    /// At most this many.
    public var limit: Int

    /// A listing; with no window it is the newest `limit` lineages.
    public init(since: Date? = nil, until: Date? = nil, beforeID: Int64? = nil, limit: Int) {
        self.since = since
        self.until = until
        self.beforeID = beforeID
        self.limit = limit
    }
}
