/// Bytes known by their digests. The registry never holds the bytes, only where they live
/// (`sourceURL`) and how they were made.
public struct Artifact: Hashable, Sendable {
    public enum Kind: String, Sendable, Codable {
        case file
        /// A dataset: a digest over its components (see `Composite`).
        case composite
    }

    /// The canonical digest: BLAKE3 when present (see `Digest.canonical(of:)`).
    public var hash: String { canonicalDigest.hex }
    public var canonicalDigest: Digest
    public var digests: [Digest]
    public var size: Int64
    /// False when the publisher did not give a size (an OpenLineage dataset without one, a v1
    /// artifact without `size`): `size` is then 0 and no statement about the bytes.
    public var sizeStated: Bool
    public var kind: Kind
    public var sourceType: String?
    public var sourceURL: String?
    /// Client-supplied metadata, kept verbatim as JSON text.
    ///
    /// (An empty source type, source URL or metadata is taken as none: PostgreSQL stored them
    /// as NULL and SQLite as empty text, so the two stores answered differently.)
    public var metadata: String?

    public init(
        digests: [Digest], size: Int64, sizeStated: Bool = true, kind: Kind = .file,
        sourceType: String? = nil, sourceURL: String? = nil, metadata: String? = nil
    ) throws(LineageModelError) {
        guard let canonical = Digest.canonical(of: digests) else { throw .invalid("an artifact needs at least one digest") }
        guard size >= 0 else { throw .invalid("artifact size must not be negative") }
        var unique: [Digest] = []
        for digest in digests where !unique.contains(digest) { unique.append(digest) }
        self.canonicalDigest = canonical
        self.digests = unique
        self.size = size
        self.sizeStated = sizeStated
        self.kind = kind
        self.sourceType = sourceType?.isEmpty == true ? nil : sourceType
        self.sourceURL = sourceURL?.isEmpty == true ? nil : sourceURL
        self.metadata = metadata?.isEmpty == true ? nil : metadata
    }
}
