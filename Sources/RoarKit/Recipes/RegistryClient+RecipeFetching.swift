import Foundation
import GLaaSClient

/// `roar diff` and `roar reproduce` read recipes the local store lacks from the registry's
/// `/artifacts/{ref}/dag`, anonymously (public lineages need no key).
extension RegistryClient: RecipeFetching {
    public func artifactDAG(_ ref: String) async throws -> Data? {
        try await dag(ref)
    }
}
