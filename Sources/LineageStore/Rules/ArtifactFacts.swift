import LineageModel

/// The facts a reader is shown about an artifact, from the claims of the lineages it can see.
///
/// Claims rank as the stores read them: signed publishers before anonymous ones, statements
/// before stubs (a lineage that only named the artifact on an edge), then the order lineages
/// were published in. Each fact comes from the first claim that states it, so an anonymous
/// publication never overrides a signed one; where claims state different values the fact is
/// also listed as a `FactConflict`.
public struct ArtifactFacts: Sendable, Hashable {
    /// The artifact as summarized: canonical digest, the preferred size, kind, aliases, source and metadata.
    public var artifact: Artifact
    public var componentCount: Int?
    public var conflicts: [FactConflict]

    /// The facts of `claims` (in rank order) about the artifact with this canonical digest.
    public init(canonical: Digest, claims: [ArtifactClaim]) throws {
        let ranked = Self.ranked(claims)
        var aliases: [Digest] = []
        for claim in ranked {
            for alias in claim.aliases where alias != canonical && !aliases.contains(where: { $0.algorithm == alias.algorithm }) {
                aliases.append(alias)
            }
        }
        aliases.sort { ($0.algorithm, $0.hex) < ($1.algorithm, $1.hex) }
        let source = ranked.first { $0.sourceURL != nil }
        artifact = try Artifact(
            digests: [canonical] + aliases, size: ranked.lazy.compactMap(\.size).first ?? 0,
            kind: ranked.lazy.compactMap(\.kind).first ?? .file, sourceType: source?.sourceType, sourceURL: source?.sourceURL,
            metadata: ranked.lazy.compactMap(\.metadata).first)
        componentCount = ranked.lazy.compactMap(\.componentCount).first
        var conflicts: [FactConflict] = []
        func check(_ fact: String, _ value: (ArtifactClaim) -> String?) {
            let stated = ranked.compactMap { claim in
                value(claim).map { FactConflict.Value(value: $0, lineageHash: claim.lineageHash, publisher: claim.publisher, signed: claim.signed) }
            }
            if Set(stated.map(\.value)).count > 1 { conflicts.append(FactConflict(fact: fact, values: stated)) }
        }
        check("size") { $0.size.map(String.init) }
        check("kind") { $0.kind?.rawValue }
        let algorithms = Set(ranked.flatMap(\.aliases).map(\.algorithm)).subtracting([canonical.algorithm]).sorted()
        for algorithm in algorithms {
            check("digest:\(algorithm)") { claim in claim.aliases.first { $0.algorithm == algorithm }?.hex }
        }
        check("source_url") { $0.sourceURL }
        // Lists migrated from before facts were per lineage have no digest: compared by count.
        let listed = ranked.filter { $0.componentCount != nil }
        let byDigest = listed.allSatisfy { $0.componentsDigest != nil }
        check("components") { claim in
            claim.componentCount.map { count in "\(count) components" + (byDigest ? ", list sha256:\(claim.componentsDigest ?? "")" : "") }
        }
        self.conflicts = conflicts
    }

    /// Claims in rank order: signed before anonymous, statements before stubs, stable otherwise.
    public static func ranked(_ claims: [ArtifactClaim]) -> [ArtifactClaim] {
        claims.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.signed ? 0 : 1, lhs.element.kind == nil ? 1 : 0, lhs.offset)
            let right = (rhs.element.signed ? 0 : 1, rhs.element.kind == nil ? 1 : 0, rhs.offset)
            return left < right
        }.map(\.element)
    }
}
