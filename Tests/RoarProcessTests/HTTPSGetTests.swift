import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar get` from a web server (a real HTTP server on 127.0.0.1 in this test): checked against
/// --expect or the digest recorded for the URL, redirects followed, and a mismatch or an error
/// status leaves no file.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(3)))
struct HTTPSGetTests {
    static let model = "weights of a small model\n"

    @Sendable static func serve(_ request: LocalHTTPServer.Request) async -> LocalHTTPServer.Response {
        switch request.path {
        case "/files/model.bin": LocalHTTPServer.Response(body: Data(model.utf8))
        case "/old/model.bin": LocalHTTPServer.Response(status: 302, headers: ["location": "/files/model.bin"])
        default: LocalHTTPServer.Response(status: 404, body: Data("no such file".utf8))
        }
    }

    @Test func downloadsAreVerifiedAndRecorded() async throws {
        let fixture = try ProjectFixture()
        let environment = TransferCommandTests.isolated(fixture)
        let digest = TestDigest.blake3(Self.model)
        try await LocalHTTPServer.with(Self.serve) { origin in
            let url = origin + "/old/model.bin"
            let get = try await RoarBinary.run(
                ["get", url, "model.bin", "--expect", "blake3:" + digest, "--json"], in: fixture.root, environment: environment)
            #expect(get.status == 0, "\(get.stderr)")
            #expect(try JSONParser.parse(get.stdout)["verified_against"]?.stringValue == digest)
            #expect(fixture.read("model.bin") == Self.model)
            #expect(try fixture.store.sourceLocations(forDigests: [digest])[digest] == ArtifactSource(sourceType: "https", sourceURL: url))

            // The digest recorded for the URL checks the next download of it.
            let again = try await RoarBinary.run(["get", url, "again.bin"], in: fixture.root, environment: environment)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("digest verified"))

            let jobs = try TransferCommandTests.jobCount(fixture)
            for (arguments, message) in [
                (["get", origin + "/files/model.bin", "bad.bin", "--expect", "blake3:0123456789abcdef"], "expected 0123456789abcdef"),
                (["get", origin + "/files/missing.bin", "bad.bin"], "no such object"),
                (["put", "model.bin", origin + "/files/"], "read-only"),
                (["get", origin + "/files/", "bad"], "cannot be listed"),
            ] {
                let result = try await RoarBinary.run(arguments, in: fixture.root, environment: environment)
                #expect(result.status != 0, "\(arguments)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
                #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: fixture.path("bad.bin")))
                #expect(!FileManager.default.fileExists(atPath: fixture.path("bad")))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root).filter { $0.contains("roar-get") }.isEmpty)
            #expect(try TransferCommandTests.jobCount(fixture) == jobs)
        }
    }
}
