import LineageModel
import LineageStore

extension WebUI {
    /// The visible lineage a full hash or a prefix (8+ hex) names: 400 when the text cannot be
    /// a hash, 404 when nothing visible matches, 400 listing the count when several do.
    func resolveLineage(_ text: String, viewer: Viewer) async throws -> LineageInfo {
        let hex = text.lowercased()
        if HexString.isHash256(hex) {
            guard let info = try await store.lineage(hash: hex, visibleTo: viewer) else {
                throw WebPageError.notFound("No lineage \(hex) is visible here.")
            }
            return info
        }
        guard HexString.isLowercaseHex(hex) else {
            throw WebPageError.badRequest("\"\(text.prefix(80))\" is not a lineage hash (64 hex characters) or a prefix of one.")
        }
        let prefix = try DigestPrefix(hex)
        let matches = try await store.lineages(matching: prefix, visibleTo: viewer, limit: 2)
        guard let first = matches.first else { throw WebPageError.notFound("No lineage starting with \(hex) is visible here.") }
        guard matches.count == 1 else { throw WebPageError.badRequest("Several lineages start with \(hex); use more characters.") }
        return first
    }

    /// What a digest or prefix (optionally `algorithm:`-prefixed) names for the viewer, as
    /// every surface resolves it (`resolveArtifact`), listing up to 20 candidates: 400 when the
    /// text is not hex, 404 when nothing matches.
    func resolveArtifacts(_ text: String, viewer: Viewer) async throws -> ArtifactResolution {
        var hex = text.lowercased()
        if let colon = hex.firstIndex(of: ":") { hex = String(hex[hex.index(after: colon)...]) }
        guard let prefix = try? DigestPrefix(hex) else {
            throw WebPageError.badRequest("\"\(text.prefix(80))\" is not a digest or a digest prefix (hex, 8 or more characters).")
        }
        let resolution = try await store.resolveArtifact(prefix, visibleTo: viewer, candidates: 20)
        if case .notFound = resolution { throw WebPageError.notFound("No artifact with a digest starting with \(hex) is visible here.") }
        return resolution
    }

    /// The jobs of a lineage the viewer may see (404 otherwise).
    func visibleJobs(_ info: LineageInfo) async throws -> [Job] {
        try await store.jobs(inLineage: info.hash).map(\.job)
    }
}
