import GLaaSHTTP
import LineageModel
import LineageStore

extension LineageReading {
    /// The one artifact a digest or digest prefix (8+ hex) names for the viewer, as the v1 and
    /// query APIs answer it (`resolveArtifact`): 404 when none, 409 listing up to 10 candidates
    /// when several.
    func requireArtifact(_ text: String, viewer: Viewer) async throws -> ArtifactInfo {
        let prefix = try DigestPrefix(text)
        switch try await resolveArtifact(prefix, visibleTo: viewer, candidates: 10) {
        case .found(let info):
            return info
        case .notFound:
            throw GLaaSError.notFound("Artifact \(prefix.hex) not found")
        case .ambiguous(let candidates, let more):
            throw GLaaSError.conflict(
                "Digest prefix \(prefix.hex) is ambiguous: it matches \(more ? "more than 10" : String(candidates.count)) artifacts; use more characters",
                details: ["candidates": .array(candidates.map { ["hash": .string($0.artifact.hash), "size": .int($0.artifact.size)] })])
        }
    }
}
