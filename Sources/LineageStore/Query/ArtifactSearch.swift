import Foundation
import LineageModel

/// A search for artifacts by any combination of criteria (all must hold), paged by id: the
/// native query API's `GET /artifacts` in store terms.
public struct ArtifactSearch: Sendable, Hashable {
    /// Artifacts with any digest starting with this prefix.
    public var digestPrefix: DigestPrefix?
    /// Artifacts read or written under a path containing this text (case-sensitive), in a
    /// lineage the viewer sees.
    public var pathContains: String?
    /// Artifacts whose current label document satisfies this filter.
    public var label: LabelFilter?
    /// Registered at or after this instant.
    public var since: Date?
    /// Registered before this instant.
    public var until: Date?
    /// Only artifacts with an id greater than this (the previous page's last id).
    public var afterID: Int64?
    /// At most this many per page.
    public var limit: Int

    /// A search; with no criteria it lists every visible artifact.
    public init(
        digestPrefix: DigestPrefix? = nil, pathContains: String? = nil, label: LabelFilter? = nil, since: Date? = nil,
        until: Date? = nil, afterID: Int64? = nil, limit: Int
    ) {
        self.digestPrefix = digestPrefix
        self.pathContains = pathContains
        self.label = label
        self.since = since
        self.until = until
        self.afterID = afterID
        self.limit = limit
    }
}

/// A condition on a current label document: a dotted key present, or present with a value.
public struct LabelFilter: Sendable, Hashable {
    /// The key's segments (`owner.team` → `["owner", "team"]`).
    public var path: [String]
    /// The value the leaf must have: a JSON string equal to it, or a JSON literal spelled so
    /// (`3`, `true`); nil: any value.
    public var value: String?

    /// A filter on a dotted key; throws `LineageStoreError.invalid` for an empty segment or a
    /// segment with a double quote.
    public init(dottedKey: String, value: String?) throws {
        let path = dottedKey.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !dottedKey.isEmpty, dottedKey.utf8.count <= 256, path.allSatisfy({ !$0.isEmpty && !$0.contains("\"") }) else {
            throw LineageStoreError.invalid("label key \"\(dottedKey.prefix(80))\" must be dotted segments without empty parts or quotes")
        }
        self.path = path
        self.value = value
    }

    /// A compliance tag: the key `tag.NAME` present.
    public static func tag(_ name: String) throws -> LabelFilter {
        try LabelFilter(dottedKey: "tag." + name, value: nil)
    }

    /// The JSON texts a matching leaf may have: the value as a JSON string, or verbatim.
    public var acceptedJSONTexts: [String] {
        guard let value else { return [] }
        return [CanonicalJSON.string(.string(value)), value]
    }
}

/// An artifact as a search lists it: identity and size, without the per-lineage facts.
public struct ArtifactSummary: Sendable, Hashable {
    /// The store's id, the key pages are ordered by.
    public var id: Int64
    /// The canonical digest.
    public var hash: String
    public var algorithm: String
    public var size: Int64
    public var kind: Artifact.Kind
    /// When the registry first saw it.
    public var registeredAt: Date

    /// A summary as stored.
    public init(id: Int64, hash: String, algorithm: String, size: Int64, kind: Artifact.Kind, registeredAt: Date) {
        self.id = id
        self.hash = hash
        self.algorithm = algorithm
        self.size = size
        self.kind = kind
        self.registeredAt = registeredAt
    }
}

/// A search for jobs in visible lineages, paged by id.
public struct JobSearch: Sendable, Hashable {
    /// Jobs whose command contains this text (case-sensitive).
    public var commandContains: String?
    /// Jobs that ran (client timestamp) at or after this instant.
    public var since: Date?
    /// Jobs that ran before this instant.
    public var until: Date?
    /// Jobs of lineages published from this git repository (the URL exactly as recorded).
    public var repo: String?
    /// Jobs whose commit (the job's own, else its lineage's) starts with this lowercase text.
    public var commitPrefix: String?
    /// Only jobs with an id greater than this (the previous page's last id).
    public var afterID: Int64?
    public var limit: Int

    /// A search; with no criteria it lists every visible job.
    public init(
        commandContains: String? = nil, since: Date? = nil, until: Date? = nil, repo: String? = nil, commitPrefix: String? = nil,
        afterID: Int64? = nil, limit: Int
    ) {
        self.commandContains = commandContains
        self.since = since
        self.until = until
        self.repo = repo
        self.commitPrefix = commitPrefix
        self.afterID = afterID
        self.limit = limit
    }

    /// The first text after every text starting with `prefix` (its last character raised by
    /// one): `prefix ≤ x < upperBound` is a range an index reads.
    public static func upperBound(ofPrefix prefix: String) -> String {
        var scalars = Array(prefix.unicodeScalars)
        guard let last = scalars.popLast(), let next = Unicode.Scalar(last.value + 1) else { return prefix + "\u{10FFFF}" }
        scalars.append(next)
        return String(String.UnicodeScalarView(scalars))
    }
}

/// One page of a listing ordered by id: its items, and the id to continue after when more exist.
public struct IDPage<Item: Sendable & Hashable>: Sendable, Hashable {
    public var items: [Item]
    /// The last id of this page when another page follows; nil on the last page.
    public var nextAfterID: Int64?

    /// A page.
    public init(items: [Item], nextAfterID: Int64?) {
        self.items = items
        self.nextAfterID = nextAfterID
    }
}

extension IDPage {
    /// A page from `limit + 1` fetched items: the extra one only says that another page follows.
    package init(fetched: [Item], limit: Int, id: (Item) -> Int64) {
        let items = Array(fetched.prefix(limit))
        self.init(items: items, nextAfterID: fetched.count > limit ? items.last.map(id) : nil)
    }
}
