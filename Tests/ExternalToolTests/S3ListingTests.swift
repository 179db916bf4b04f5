import Foundation
import TestSupport
import Testing

@testable import ArtifactStorage

/// ListObjectsV2 against moto: every key under a prefix, across continuation tokens, named
/// relative to the prefix, and nothing from beside it.
@Suite(.enabled(if: MotoServer.available, MotoServer.unavailableReason), .timeLimit(.minutes(3)))
struct S3ListingTests {
    @Test func listingFollowsContinuationTokens() async throws {
        let (server, credentials) = try await MotoServer.authenticating()
        let (directory, path, _) = try S3BackendTests.scratchFile(size: 100)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await S3BackendTests.withS3(S3BackendTests.configuration(server.endpoint, credentials: credentials)) { s3 in
            try await s3.createBucket("roar-list")
            let keys = ["data/a.bin", "data/b/c.bin", "data/b/d e.bin", "data/e.bin", "data/f.bin", "datax/g.bin", "other/h.bin"]
            for key in keys { try await s3.upload(file: path, to: StorageLocation(kind: .s3(bucket: "roar-list", key: key))) }
            let prefix = try StorageLocation("s3://roar-list/data/")
            let paged = try await s3.list(prefix, pageSize: 2)
            #expect(paged.map(\.relativeKey).sorted() == ["a.bin", "b/c.bin", "b/d e.bin", "e.bin", "f.bin"])
            #expect(paged.allSatisfy { $0.size == 100 })
            #expect(paged.first { $0.relativeKey == "b/d e.bin" }?.location.description == "s3://roar-list/data/b/d e.bin")
            #expect(try await s3.list(prefix).count == 5)
            #expect(try await s3.list(try StorageLocation("s3://roar-list/none/")).isEmpty)
        }
        await server.stop()
    }
}
