import Foundation
import TestSupport
import Testing

@testable import ArtifactStorage

/// The S3 backend against moto's S3 server on 127.0.0.1, which checks every signature with
/// botocore: round trips of real bytes, multipart, and S3's errors reaching the user as one line.
@Suite(.enabled(if: MotoServer.available, MotoServer.unavailableReason), .timeLimit(.minutes(5)))
struct S3BackendTests {
    static let unknown = S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    static func configuration(_ endpoint: String, credentials: S3Credentials, threshold: Int64 = S3Configuration.defaultMultipartThreshold)
        -> S3Configuration
    {
        S3Configuration(
            endpoint: URL(string: endpoint)!, region: "us-east-1", credentials: credentials, multipartThreshold: threshold, partSize: 5 << 20)
    }

    /// Runs `body` with an S3 backend for `configuration`.
    static func withS3<T: Sendable>(_ configuration: S3Configuration, _ body: (S3Backend) async throws -> T) async throws -> T {
        let s3Configuration: @Sendable () throws -> S3Configuration = { configuration }
        return try await StorageBackends.withBackends(s3: s3Configuration) { backends in
            try await body(try #require(backends.backend(for: StorageLocation("s3://bucket/key")) as? S3Backend))
        }
    }

    /// A scratch directory with a file of `size` pseudo-random bytes in it.
    static func scratchFile(size: Int) throws -> (directory: String, path: String, bytes: Data) {
        let directory = NSTemporaryDirectory() + "storage-s3-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: UInt64(size))
        let bytes = Data(generator.bytes(size))
        try bytes.write(to: URL(fileURLWithPath: directory + "/data.bin"))
        return (directory, directory + "/data.bin", bytes)
    }

    @Test func roundTripStreamsTheBytes() async throws {
        let (server, credentials) = try await MotoServer.authenticating()
        let (directory, path, bytes) = try Self.scratchFile(size: 3 << 20 + 17)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.withS3(Self.configuration(server.endpoint, credentials: credentials)) { s3 in
            try await s3.createBucket("roar-test")
            let location = try StorageLocation("s3://roar-test/runs/a b+c/data.bin")
            #expect(try await s3.stat(location) == nil)
            try await s3.upload(file: path, to: location)
            #expect(try await s3.stat(location)?.size == Int64(bytes.count))
            #expect(try await s3.download(location, to: directory + "/back.bin") == Int64(bytes.count))
            #expect(FileManager.default.contents(atPath: directory + "/back.bin") == bytes)
        }
    }

    @Test func bigFilesGoInParts() async throws {
        let (server, credentials) = try await MotoServer.authenticating()
        let (directory, path, bytes) = try Self.scratchFile(size: 11 << 20 + 5)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.withS3(Self.configuration(server.endpoint, credentials: credentials, threshold: 5 << 20)) { s3 in
            try await s3.createBucket("roar-parts")
            let location = try StorageLocation("s3://roar-parts/big.bin")
            try await s3.upload(file: path, to: location)
            let stored = try #require(try await s3.stat(location))
            #expect(stored.size == Int64(bytes.count))
            #expect(stored.etag?.hasSuffix("-3\"") == true, "a three-part upload's ETag: \(stored.etag ?? "none")")
            _ = try await s3.download(location, to: directory + "/back.bin")
            #expect(FileManager.default.contents(atPath: directory + "/back.bin") == bytes)
        }
    }

    @Test func s3ErrorsAreOneReadableLine() async throws {
        let (server, credentials) = try await MotoServer.authenticating()
        let (directory, path, _) = try Self.scratchFile(size: 10)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.withS3(Self.configuration(server.endpoint, credentials: credentials)) { s3 in
            await #expect {
                try await s3.upload(file: path, to: try StorageLocation("s3://no-such-bucket/x"))
            } throws: { error in
                let text = String(describing: error)
                return text.hasPrefix("s3://no-such-bucket/x: NoSuchBucket: ") && !text.contains("\n")
            }
            try await s3.createBucket("roar-errors")
            await #expect {
                _ = try await s3.download(try StorageLocation("s3://roar-errors/missing"), to: directory + "/never")
            } throws: { String(describing: $0).hasPrefix("s3://roar-errors/missing: NoSuchKey: ") }
        }
    }

    @Test func wrongCredentialsAreRefusedByName() async throws {
        let (server, credentials) = try await MotoServer.authenticating()
        let (directory, path, _) = try Self.scratchFile(size: 10)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.withS3(Self.configuration(server.endpoint, credentials: credentials)) { s3 in try await s3.createBucket("roar-auth") }
        var wrongSecret = credentials
        wrongSecret.secretAccessKey += "x"
        try await Self.withS3(Self.configuration(server.endpoint, credentials: wrongSecret)) { s3 in
            await #expect {
                try await s3.upload(file: path, to: try StorageLocation("s3://roar-auth/x"))
            } throws: { String(describing: $0).hasPrefix("s3://roar-auth/x: SignatureDoesNotMatch: ") }
        }
        try await Self.withS3(Self.configuration(server.endpoint, credentials: Self.unknown)) { s3 in
            await #expect {
                _ = try await s3.download(try StorageLocation("s3://roar-auth/x"), to: directory + "/never")
            } throws: { String(describing: $0).hasPrefix("s3://roar-auth/x: InvalidAccessKeyId: ") }
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/never"))
    }
}
