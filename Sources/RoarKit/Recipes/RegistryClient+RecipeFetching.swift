import Foundation
import GLaaSClient

/// `roar diff` and `roar reproduce` read recipes the local store lacks from the registry's
/// `/artifacts/{ref}/dag`: anonymously from the client itself (public lineages need no key), or
/// with the user's credential through `RegistryReader`.
extension RegistryClient: RecipeFetching {
    public func artifactDAG(_ ref: String) async throws -> Data? {
        try await dag(ref)
    }
}
