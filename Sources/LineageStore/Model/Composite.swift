import LineageModel

/// A dataset artifact: a digest over its components, with the (capped) list of components and
/// a Bloom-filter membership index over all of them, as roar-cli sends it.
public struct Composite: Sendable, Hashable {
    public var artifact: Artifact
    public var componentCountTotal: Int
    public var components: [Component]
    /// The `membership_index` object as JSON text, kept verbatim.
    public var membershipIndex: String?

    public init(artifact: Artifact, componentCountTotal: Int, components: [Component], membershipIndex: String?) {
        self.artifact = artifact
        self.componentCountTotal = componentCountTotal
        self.components = components
        self.membershipIndex = membershipIndex
    }

    public struct Component: Sendable, Hashable, Codable {
        public var relativePath: String
        public var leafKind: String?
        public var algorithm: String
        public var digest: String
        public var size: Int64?
        public var type: String?

        public init(relativePath: String, leafKind: String?, algorithm: String, digest: String, size: Int64?, type: String?) {
            self.relativePath = relativePath
            self.leafKind = leafKind
            self.algorithm = algorithm
            self.digest = digest
            self.size = size
            self.type = type
        }
    }
}

/// "This job consumed (or produced) a Bloom-selected subset of a composite."
public struct ViewEdge: Sendable, Hashable, Codable {
    public var relation: String
    public var targetHash: String
    /// The `bloom` object as JSON text.
    public var bloom: String
    public var selectedCount: Int?
    public var parentTotal: Int?

    public init(relation: String, targetHash: String, bloom: String, selectedCount: Int?, parentTotal: Int?) {
        self.relation = relation
        self.targetHash = targetHash
        self.bloom = bloom
        self.selectedCount = selectedCount
        self.parentTotal = parentTotal
    }
}

extension Composite {
    /// A digest of the component list as this publisher gave it (paths, digests, sizes, types in
    /// order), stored with each lineage's claim so differing lists show as a conflict.
    public var componentsDigest: String {
        CanonicalJSON.sha256Hex(
            .array(
                components.map { component in
                    .array([
                        .string(component.relativePath), component.leafKind.map(JSONValue.string) ?? .null, .string(component.algorithm),
                        .string(component.digest), component.size.map(JSONValue.int) ?? .null, component.type.map(JSONValue.string) ?? .null,
                    ])
                }))
    }
}
