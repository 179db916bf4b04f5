import ArtifactStorage
import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar put` and `roar get` on gs:// through the built executable, against gcp-storage-emulator
/// reached through STORAGE_EMULATOR_HOST: files and directories up, prefixes and files down.
@Suite(
    .enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .enabled(if: GCSEmulator.available, GCSEmulator.unavailableReason),
    .timeLimit(.minutes(3)))
struct GCSTransferTests {
    @Test func putAndGetOnCloudStorage() async throws {
        let emulator = try await GCSEmulator(bucket: "roar-gcs")
        let fixture = try DirectoryTransferTests.fixtureWithShards()
        try fixture.write("metrics.json", "{\"loss\": 0.5}\n")
        let environment = TransferCommandTests.isolated(fixture, ["STORAGE_EMULATOR_HOST": emulator.endpoint])
        let put = try await RoarBinary.run(
            ["put", "metrics.json", "shards", "gs://roar-gcs/run1", "--json"], in: fixture.root, environment: environment)
        #expect(put.status == 0, "\(put.stderr)")
        let answer = try JSONParser.parse(put.stdout)
        #expect(answer["artifacts"]?.arrayValue?.compactMap { $0["url"]?.stringValue }.contains("gs://roar-gcs/run1/sub/x.txt") == true)
        let digest = TestDigest.blake3("{\"loss\": 0.5}\n")
        #expect(
            try fixture.store.sourceLocations(forDigests: [digest])[digest]
                == ArtifactSource(sourceType: "gs", sourceURL: "gs://roar-gcs/run1/metrics.json"))

        let one = try await RoarBinary.run(
            ["get", "gs://roar-gcs/run1/metrics.json", "m.json", "--json"], in: fixture.root, environment: environment)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try JSONParser.parse(one.stdout)["verified_against"]?.stringValue == digest)
        #expect(fixture.read("m.json") == "{\"loss\": 0.5}\n")

        // The prefix holds the directory's files and metrics.json: no composite is known for it.
        let all = try JSONParser.parse(
            try await RoarBinary.run(["get", "gs://roar-gcs/run1/", "all", "--json"], in: fixture.root, environment: environment).stdout)
        #expect(all["verified_files"]?.int64Value == 4)
        #expect(all["verified_against"] == .null)
        #expect(fixture.read("all/metrics.json") == "{\"loss\": 0.5}\n")

        let shards = try await RoarBinary.run(["put", "shards", "gs://roar-gcs/shards"], in: fixture.root, environment: environment)
        #expect(shards.status == 0, "\(shards.stderr)")
        let got = try await RoarBinary.run(["get", "gs://roar-gcs/shards/", "copy", "--json"], in: fixture.root, environment: environment)
        #expect(got.status == 0, "\(got.stderr)")
        #expect(try JSONParser.parse(got.stdout)["verified_against"]?.stringValue == DirectoryTransferTests.composite().digest)
        #expect(fixture.read("copy/part-000.csv") == "a,1\n")

        let missing = try await RoarBinary.run(["get", "gs://roar-gcs/none.bin", "n.bin"], in: fixture.root, environment: environment)
        #expect(missing.status != 0)
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("no such object"))
        let noCredentials = try await RoarBinary.run(
            ["put", "metrics.json", "gs://roar-gcs/x"], in: fixture.root, environment: TransferCommandTests.isolated(fixture))
        #expect(noCredentials.status != 0)
        #expect(noCredentials.stderr.contains("no Google Cloud credentials"), "\(noCredentials.stderr)")
        await emulator.stop()
    }
}
