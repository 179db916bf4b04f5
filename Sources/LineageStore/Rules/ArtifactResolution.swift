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
        if let exact = matches.first(where: { $0.artifact.digests.contains { $0.hex == prefix.hex } }) { return .found(exact) }
        guard !matches.isEmpty else { return .notFound }
        return .ambiguous(Array(matches.prefix(candidates)), more: matches.count > candidates)
    }
}
