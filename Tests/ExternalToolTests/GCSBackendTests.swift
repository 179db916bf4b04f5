import Foundation
import TestSupport
import Testing

@testable import ArtifactStorage

/// The Cloud Storage backend against gcp-storage-emulator (a JSON-API emulator, no
/// credentials, reached through STORAGE_EMULATOR_HOST as Google's libraries reach it): media
/// and resumable uploads, alt=media downloads, metadata, listings and errors.
@Suite(.enabled(if: GCSEmulator.available, GCSEmulator.unavailableReason), .timeLimit(.minutes(3)))
struct GCSBackendTests {
    static func withGCS<T: Sendable>(
        _ endpoint: String, threshold: Int64 = GCSConfiguration.defaultResumableThreshold, _ body: (GCSBackend) async throws -> T
    )
        async throws -> T
    {
        var configuration = try GCSConfiguration.resolve(environment: ["STORAGE_EMULATOR_HOST": endpoint])
        configuration.resumableThreshold = threshold
        let fixed = configuration
        let noS3: @Sendable () throws -> S3Configuration = { throw StorageError.configuration("no S3 here") }
        let gcs: @Sendable () throws -> GCSConfiguration = { fixed }
        return try await StorageBackends.withBackends(s3: noS3, gcs: gcs) { backends in
            try await body(try #require(backends.backend(for: StorageLocation("gs://bucket/key")) as? GCSBackend))
        }
    }

    @Test(arguments: [GCSConfiguration.defaultResumableThreshold, 0])
    func roundTripListAndStat(threshold: Int64) async throws {
        let emulator = try await GCSEmulator(bucket: "roar-gcs")
        let (directory, path, bytes) = try S3BackendTests.scratchFile(size: 1 << 20 + 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try GCSConfiguration.resolve(environment: ["STORAGE_EMULATOR_HOST": emulator.endpoint]).credentials == .none)
        try await Self.withGCS(emulator.endpoint, threshold: threshold) { gcs in
            let location = try StorageLocation("gs://roar-gcs/runs/a b+c/data.bin")
            #expect(try await gcs.stat(location) == nil)
            try await gcs.upload(file: path, to: location)
            #expect(try await gcs.stat(location)?.size == Int64(bytes.count))
            #expect(try await gcs.download(location, to: directory + "/back.bin") == Int64(bytes.count))
            #expect(FileManager.default.contents(atPath: directory + "/back.bin") == bytes)
            try await gcs.upload(file: path, to: StorageLocation("gs://roar-gcs/runs/z.bin"))
            try await gcs.upload(file: path, to: StorageLocation("gs://roar-gcs/runsx/y.bin"))
            let listed = try await gcs.list(try StorageLocation("gs://roar-gcs/runs/"))
            #expect(listed.map(\.relativeKey).sorted() == ["a b+c/data.bin", "z.bin"])
            #expect(listed.allSatisfy { $0.size == Int64(bytes.count) })
            await #expect {
                _ = try await gcs.download(try StorageLocation("gs://roar-gcs/none.bin"), to: directory + "/none.bin")
            } throws: { error in
                guard case StorageError.service(_, 404, _, _) = error else { return false }
                return !String(describing: error).contains("\n")
            }
        }
        await emulator.stop()
    }
}
