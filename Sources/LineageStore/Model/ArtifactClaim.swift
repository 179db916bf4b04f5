import LineageModel

/// What one lineage said about an artifact when it was published. Facts belong to the lineage
/// that stated them: a reader is shown the claims of the lineages it can see, never a value
/// some other publisher wrote first (issue 13: first writer no longer wins).
public struct ArtifactClaim: Sendable, Hashable {
    public var lineageHash: String
    /// Who published the lineage, as readers of it are told: a user's name, `anonymous`, or the
    /// creator identity of an imported lineage whose user this registry does not know.
    public var publisher: String
    /// Whether the lineage was published with a user's signature (its facts rank first).
    public var signed: Bool
    /// Nil when the lineage only named the artifact on an edge without its size.
    public var size: Int64?
    /// Nil when the lineage only named the artifact on an edge (a stub, not a statement).
    public var kind: Artifact.Kind?
    /// Digests other than the canonical one, as this lineage gave them.
    public var aliases: [Digest]
    public var sourceType: String?
    public var sourceURL: String?
    public var metadata: String?
    /// For a composite: how many components this lineage said it has.
    public var componentCount: Int?
    /// For a composite: a digest of the component list this lineage gave (`Composite.componentsDigest`),
    /// so two lineages' lists are compared without reading them; nil for lists migrated from
    /// before facts were per lineage.
    public var componentsDigest: String?

    public init(
        lineageHash: String, publisher: String, signed: Bool, size: Int64?, kind: Artifact.Kind?, aliases: [Digest] = [],
        sourceType: String? = nil, sourceURL: String? = nil, metadata: String? = nil, componentCount: Int? = nil, componentsDigest: String? = nil
    ) {
        self.lineageHash = lineageHash
        self.publisher = publisher
        self.signed = signed
        self.size = size
        self.kind = kind
        self.aliases = aliases
        self.sourceType = sourceType
        self.sourceURL = sourceURL
        self.metadata = metadata
        self.componentCount = componentCount
        self.componentsDigest = componentsDigest
    }

    /// The publisher a store reports for a lineage's creator identity and the user it names.
    package static func publisher(creatorIdentity: String, userName: String?) -> String {
        userName ?? creatorIdentity
    }
}

/// A fact on which the visible lineages disagree: every value, each with the lineages that
/// stated it. Shown as such, never resolved by dropping one.
public struct FactConflict: Sendable, Hashable {
    /// `size`, `kind`, `digest:<algorithm>`, `source_url` or `components`.
    public var fact: String
    public var values: [Value]

    public struct Value: Sendable, Hashable {
        public var value: String
        public var lineageHash: String
        public var publisher: String
        public var signed: Bool

        public init(value: String, lineageHash: String, publisher: String, signed: Bool) {
            self.value = value
            self.lineageHash = lineageHash
            self.publisher = publisher
            self.signed = signed
        }
    }

    public init(fact: String, values: [Value]) {
        self.fact = fact
        self.values = values
    }
}
