import ArtifactStorage
import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar put` and `roar get` through the built executable, on file:// storage and on moto's
/// S3 server: uploads, downloads, digest checks, sources in the store, and failures that leave
/// nothing recorded.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(5)))
struct TransferCommandTests {
    /// No ~/.aws of the machine, no AWS settings of the caller.
    static func isolated(_ fixture: ProjectFixture, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": fixture.root, "AWS_PROFILE": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ENDPOINT_URL_S3": "",
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_ENDPOINT_URL": "",
            "AWS_SHARED_CREDENTIALS_FILE": "",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    static func s3Environment(_ fixture: ProjectFixture, endpoint: String, credentials: S3Credentials) -> [String: String] {
        isolated(
            fixture,
            ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey])
    }

    static func jobCount(_ fixture: ProjectFixture) throws -> Int { try fixture.store.allJobs().count }

    @Test func fileRoundTripRecordsSourcesAndVerifies() async throws {
        let fixture = try ProjectFixture()
        let storage = fixture.path("shared")
        try fixture.write("a.txt", "alpha\n")
        try fixture.write("b.txt", "beta\n")
        let put = try await RoarBinary.run(
            ["put", "a.txt", "b.txt", "file://\(storage)/v1", "--json"], in: fixture.root, environment: Self.isolated(fixture))
        #expect(put.status == 0, "\(put.stderr)")
        let answer = try JSONParser.parse(put.stdout)
        #expect(answer["artifacts"]?.arrayValue?.map { $0["url"]?.stringValue } == ["file://\(storage)/v1/a.txt", "file://\(storage)/v1/b.txt"])
        #expect(fixture.read("shared/v1/b.txt") == "beta\n")
        let sources = try fixture.store.sourceLocations(forDigests: [TestDigest.blake3("alpha\n"), TestDigest.blake3("beta\n"), "ffff"])
        #expect(sources.count == 2)
        #expect(sources[TestDigest.blake3("alpha\n")] == ArtifactSource(sourceType: nil, sourceURL: "file://\(storage)/v1/a.txt"))
        let job = try #require(try fixture.store.allJobs().last)
        #expect(job.jobType == "put")
        #expect(job.inputs.map(\.path) == [fixture.path("a.txt"), fixture.path("b.txt")])
        let metadata = try JSONParser.parse(job.metadata)
        #expect(metadata["put"]?["artifacts"]?[TestDigest.blake3("beta\n")]?.stringValue == "file://\(storage)/v1/b.txt")

        // Another directory: the recorded digest is what the download is checked against.
        try FileManager.default.createDirectory(atPath: fixture.path("elsewhere"), withIntermediateDirectories: true)
        let get = try await RoarBinary.run(
            ["get", "file://\(storage)/v1/a.txt", ".", "--json"], in: fixture.path("elsewhere"), environment: Self.isolated(fixture))
        #expect(get.status == 0, "\(get.stderr)")
        let got = try JSONParser.parse(get.stdout)
        #expect(got["digest"]?.stringValue == TestDigest.blake3("alpha\n"))
        #expect(got["verified_against"]?.stringValue == TestDigest.blake3("alpha\n"))
        #expect(fixture.read("elsewhere/a.txt") == "alpha\n")

        let show = try JSONParser.parse(try await RoarBinary.run(["show", "elsewhere/a.txt", "--json"], in: fixture.root).stdout)
        #expect(show["sources"]?.arrayValue?.first?["source_url"]?.stringValue == "file://\(storage)/v1/a.txt")
        #expect(show["produced_by"]?["job_type"]?.stringValue == "get")
        #expect(try await RoarBinary.run(["show", "a.txt"], in: fixture.root).stdout.contains("file://\(storage)/v1/a.txt"))
    }

    @Test func aChangedObjectIsRefusedAndDestinationKept() async throws {
        let fixture = try ProjectFixture()
        let storage = fixture.path("shared")
        try fixture.write("model.bin", "weights v1\n")
        #expect(
            try await RoarBinary.run(["put", "model.bin", "file://\(storage)"], in: fixture.root, environment: Self.isolated(fixture)).status == 0)
        try "tampered\n".write(toFile: storage + "/model.bin", atomically: true, encoding: .utf8)
        try fixture.write("copy.bin", "precious\n")
        let jobs = try Self.jobCount(fixture)
        let get = try await RoarBinary.run(["get", "file://\(storage)/model.bin", "copy.bin"], in: fixture.root, environment: Self.isolated(fixture))
        #expect(get.status != 0)
        #expect(get.stderr.split(separator: "\n").count == 1, "\(get.stderr)")
        #expect(get.stderr.contains("expected \(TestDigest.blake3("weights v1\n"))"))
        #expect(fixture.read("copy.bin") == "precious\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: fixture.root).filter { $0.contains("roar-get") }.isEmpty, "no partial download left")
        #expect(try Self.jobCount(fixture) == jobs)

        let wrong = try await RoarBinary.run(
            ["get", "file://\(storage)/model.bin", "copy.bin", "--expect", "blake3:00000000"], in: fixture.root, environment: Self.isolated(fixture))
        #expect(wrong.status != 0)
        let right = try await RoarBinary.run(
            ["get", "file://\(storage)/model.bin", "copy.bin", "--expect", String(TestDigest.blake3("tampered\n").prefix(16))],
            in: fixture.root, environment: Self.isolated(fixture))
        #expect(right.status == 0, "\(right.stderr)")
        #expect(fixture.read("copy.bin") == "tampered\n")
    }

    @Test(arguments: [
        (["put", "missing.txt", "file:///tmp/roar-never"], "missing.txt: no such file"),
        (["put", "present.txt", "ftp://host/dir"], "unsupported URL scheme ftp://"),
        (["put", "present.txt", "shared/dir"], "is not a URL"),
        (["get", "file:///nonexistent/x.bin", "x.bin"], "no such object"),
        (["get", "gs://bucket/x.bin", "x.bin"], "no Google Cloud credentials"),
    ])
    func faultsAreOneLineAndRecordNothing(_ arguments: [String], _ message: String) async throws {
        let fixture = try ProjectFixture()
        try fixture.write("present.txt", "here\n")
        let result = try await RoarBinary.run(arguments, in: fixture.root, environment: Self.isolated(fixture))
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try Self.jobCount(fixture) == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("x.bin")))
    }

    @Test(.enabled(if: MotoServer.available, MotoServer.unavailableReason))
    func s3PutThenGetElsewhere() async throws {
        let (server, credentials) = try await MotoServer.authenticating()
        let fixture = try ProjectFixture()
        let environment = Self.s3Environment(fixture, endpoint: server.endpoint, credentials: credentials)
        let s3Configuration: @Sendable () throws -> S3Configuration = { try S3Configuration.resolve(environment: environment) }
        try await StorageBackends.withBackends(s3: s3Configuration) { backends in
            let s3 = try #require(try backends.backend(for: StorageLocation("s3://roar-e2e/x")) as? S3Backend)
            try await s3.createBucket("roar-e2e")
        }
        try fixture.write("metrics.json", "{\"loss\": 0.25}\n")
        let put = try await RoarBinary.run(["put", "metrics.json", "s3://roar-e2e/run1"], in: fixture.root, environment: environment)
        #expect(put.status == 0, "\(put.stderr)")
        #expect(put.stdout.contains("s3://roar-e2e/run1/metrics.json"))
        let digest = TestDigest.blake3("{\"loss\": 0.25}\n")
        #expect(
            try fixture.store.sourceLocations(forDigests: [digest])[digest]
                == ArtifactSource(sourceType: "s3", sourceURL: "s3://roar-e2e/run1/metrics.json"))

        try FileManager.default.createDirectory(atPath: fixture.path("fetched"), withIntermediateDirectories: true)
        let get = try await RoarBinary.run(
            ["get", "s3://roar-e2e/run1/metrics.json", "m.json", "--json"], in: fixture.path("fetched"), environment: environment)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(try JSONParser.parse(get.stdout)["verified_against"]?.stringValue == digest)
        #expect(fixture.read("fetched/m.json") == "{\"loss\": 0.25}\n")
        let job = try #require(try fixture.store.allJobs().last)
        #expect(job.jobType == "get")
        #expect(job.outputs.map(\.path) == [fixture.path("fetched/m.json")])
        #expect(job.outputs.first?.digest == digest)

        // Another project knows nothing of the URL: --expect carries the digest there.
        let other = try ProjectFixture()
        let elsewhere = try await RoarBinary.run(
            ["get", "s3://roar-e2e/run1/metrics.json", ".", "--expect", digest],
            in: other.root, environment: Self.s3Environment(other, endpoint: server.endpoint, credentials: credentials))
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(other.read("metrics.json") == "{\"loss\": 0.25}\n")
    }

    @Test(.enabled(if: MotoServer.available, MotoServer.unavailableReason))
    func s3FaultsAreOneLineAndRecordNothing() async throws {
        let (server, credentials) = try await MotoServer.authenticating()
        let fixture = try ProjectFixture()
        let environment = Self.s3Environment(fixture, endpoint: server.endpoint, credentials: credentials)
        let s3Configuration: @Sendable () throws -> S3Configuration = { try S3Configuration.resolve(environment: environment) }
        try await StorageBackends.withBackends(s3: s3Configuration) { backends in
            let s3 = try #require(try backends.backend(for: StorageLocation("s3://roar-faults/x")) as? S3Backend)
            try await s3.createBucket("roar-faults")
        }
        try fixture.write("a.txt", "a\n")
        var wrong = credentials
        wrong.secretAccessKey = "not-" + wrong.secretAccessKey
        let refusing = try HeldPort.refusing()
        let port = refusing.port
        let cases: [(String, [String], [String: String])] = [
            ("NoSuchBucket", ["put", "a.txt", "s3://no-such-bucket/p"], environment),
            (
                "SignatureDoesNotMatch", ["put", "a.txt", "s3://roar-faults/p"],
                Self.s3Environment(fixture, endpoint: server.endpoint, credentials: wrong)
            ),
            (
                "SignatureDoesNotMatch", ["get", "s3://roar-faults/p/a.txt", "b.txt"],
                Self.s3Environment(fixture, endpoint: server.endpoint, credentials: wrong)
            ),
            ("s3://roar-faults/p/none.txt: no such object", ["get", "s3://roar-faults/p/none.txt", "b.txt"], environment),
            (
                "cannot reach S3 at http://127.0.0.1:\(port)", ["put", "a.txt", "s3://roar-faults/p"],
                Self.s3Environment(fixture, endpoint: "http://127.0.0.1:\(port)", credentials: credentials)
            ),
            ("no AWS credentials", ["put", "a.txt", "s3://roar-faults/p"], Self.isolated(fixture, ["AWS_ENDPOINT_URL": server.endpoint])),
        ]
        for (message, arguments, environment) in cases {
            let result = try await RoarBinary.run(arguments, in: fixture.root, environment: environment)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(try Self.jobCount(fixture) == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("b.txt")))
    }
}
