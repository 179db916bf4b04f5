import LineageModel

/// The one artifact a digest or digest prefix names for a viewer, as every surface resolves it
/// (the v1 API, the query API, the web): a single match, or the match whose digest is exactly
/// the text; otherwise nothing or several candidates.
public enum ArtifactResolution: Sendable {
    case found(ArtifactInfo)
    case notFound
    /// Several artifacts match: the first `candidates` of them, and whether there are more.
    case ambiguous([ArtifactInfo], more: Bool)
}

extension LineageReading {
    /// Resolves `prefix` for `viewer`, listing at most `candidates` when it is ambiguous.
    public func resolveArtifact(_ prefix: DigestPrefix, visibleTo viewer: Viewer, candidates: Int = 10) async throws -> ArtifactResolution {
        let matches = try await artifacts(matching: prefix, visibleTo: viewer, limit: candidates + 1)
        if matches.count == 1 { return .found(matches[0]) }
        // A whole digest names the artifact whose canonical digest it is; else the artifact a
        // signed lineage gave it as an alias, before one an anonymous lineage did (an
        // anonymous publisher claiming a well-known digest cannot take it over).
        let exact = matches.compactMap { info in Self.exactRank(info, prefix.hex).map { (info, $0) } }
        if let best = exact.map(\.1).min() {
            let tied = exact.filter { $0.1 == best }.map(\.0)
            if tied.count == 1 { return .found(tied[0]) }
            return .ambiguous(Array(tied.prefix(candidates)), more: tied.count > candidates)
        }
        guard !matches.isEmpty else { return .notFound }
        return .ambiguous(Array(matches.prefix(candidates)), more: matches.count > candidates)
    }
}

extension LineageReading {
    /// How strongly a whole digest names an artifact: 0 its canonical digest, 1 an alias a
    /// signed lineage gave, 2 an alias only anonymous lineages gave; nil when it is not one of
    /// its digests.
    static func exactRank(_ info: ArtifactInfo, _ hex: String) -> Int? {
        if info.artifact.hash == hex { return 0 }
        let claimants = info.claims.filter { claim in claim.aliases.contains { $0.hex == hex } }
        if claimants.contains(where: \.signed) { return 1 }
        return claimants.isEmpty ? nil : 2
    }
}
