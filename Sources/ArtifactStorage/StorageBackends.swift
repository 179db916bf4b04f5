import AsyncHTTPClient
import Foundation
import NIOCore

/// The backend for each URL scheme, sharing one HTTP client that lives as long as a
/// `withBackends` call; S3 and Cloud Storage settings are resolved only when such a URL is used.
public struct StorageBackends: Sendable {
    let client: HTTPClient
    let s3: @Sendable () throws -> S3Configuration
    let gcs: @Sendable () throws -> GCSConfiguration

    /// Runs `body` with backends whose HTTP client is shut down afterwards, also on errors.
    public static func withBackends<T: Sendable>(
        s3: @escaping @Sendable () throws -> S3Configuration,
        gcs: @escaping @Sendable () throws -> GCSConfiguration = { try GCSConfiguration.resolve() },
        _ body: (StorageBackends) async throws -> T
    ) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.redirectConfiguration = .disallow
        // Otherwise a refused connection is retried until the request's (long) deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(StorageBackends(client: client, s3: s3, gcs: gcs)))
        } catch {
            result = .failure(error)
        }
        try? await client.shutdown()
        return try result.get()
    }

    /// The backend that stores `location`.
    public func backend(for location: StorageLocation) throws -> any StorageBackend {
        switch location.kind {
        case .file: FileBackend()
        case .s3: S3Backend(configuration: try s3(), client: client)
        case .gs: GCSBackend(configuration: try gcs(), client: client)
        case .web: WebBackend(client: client)
        }
    }
}
