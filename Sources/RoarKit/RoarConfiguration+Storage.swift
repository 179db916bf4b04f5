import ArtifactStorage
import Foundation

extension RoarConfiguration {
    /// Runs `body` with storage backends for this project: S3 settings from the environment,
    /// then `s3.endpoint`/`s3.region`, resolved when an s3:// URL is first used.
    func withStorage<T: Sendable>(_ body: (StorageBackends) async throws -> T) async throws -> T {
        let endpoint = s3Endpoint
        let region = s3Region
        return try await StorageBackends.withBackends(s3: { try S3Configuration.resolve(endpoint: endpoint, region: region) }, body)
    }
}
