import Foundation

/// Where recipes not in the local store come from: a registry's
/// `GET /api/v1/artifacts/{ref}/dag` (GLaaS v1 #16). The registry client conforms to it, so
/// `roar diff` and `roar reproduce` work on lineages registered elsewhere.
public protocol RecipeFetching: Sendable {
    /// The response body of the DAG request for `ref` (a digest or a prefix of one, 8+ hex
    /// characters), or nil when the registry has no such artifact (404, or an empty `{}`).
    func artifactDAG(_ ref: String) async throws -> Data?
}
