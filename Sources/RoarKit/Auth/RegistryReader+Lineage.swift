import Foundation
import GLaaSClient
import LineageModel

extension RegistryReader {
    /// A whole lineage, every job in order (`roar reproduce HASH --lineage`); nil when the
    /// registry has none by that hash the user may see.
    public func lineageReproduction(_ hash: String) async throws -> JSONValue? {
        try await read { credential in try await self.client.reproduction(lineage: hash, credential: credential) }
    }
}
