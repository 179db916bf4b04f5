import Foundation
import TestSupport
import Testing

@testable import ArtifactStorage

/// The S3 backend pointed at an endpoint that refuses connections: the failure names it, on
/// one line. (Everything that needs an S3 server is in ExternalToolTests/S3BackendTests.)
@Suite(.timeLimit(.minutes(2)))
struct S3EndpointTests {
    @Test func anUnreachableEndpointIsNamed() async throws {
        let refusing = try HeldPort.refusing()
        let port = refusing.port
        let directory = NSTemporaryDirectory() + "storage-s3-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/data.bin"
        try Data("0123456789".utf8).write(to: URL(fileURLWithPath: path))
        let credentials = S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let configuration = S3Configuration(
            endpoint: URL(string: "http://127.0.0.1:\(port)")!, region: "us-east-1", credentials: credentials,
            multipartThreshold: S3Configuration.defaultMultipartThreshold, partSize: 5 << 20)
        let s3Configuration: @Sendable () throws -> S3Configuration = { configuration }
        try await StorageBackends.withBackends(s3: s3Configuration) { backends in
            let s3 = try #require(try backends.backend(for: StorageLocation("s3://bucket/key")) as? S3Backend)
            await #expect {
                try await s3.upload(file: path, to: try StorageLocation("s3://bucket/x"))
            } throws: { error in
                let text = String(describing: error)
                return text.contains("cannot reach S3 at http://127.0.0.1:\(port)") && !text.contains("\n")
            }
        }
    }
}
