import ArtifactStorage
import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// Directories through `roar put` and `roar get` as composites: every file uploaded with its
/// layout, one composite-blake3 digest recorded, the prefix fetched back and checked file by file
/// and as a whole; tampering and hostile listings leave nothing behind.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(5)))
struct DirectoryTransferTests {
    static let files = [("shards/part-000.csv", "a,1\n"), ("shards/part-001.csv", "b,2\n"), ("shards/sub/x.txt", "x\n")]

    static func composite() -> CompositeDigest {
        CompositeDigest(
            leaves: files.map {
                CompositeDigest.Leaf(
                    relativePath: String($0.0.dropFirst("shards/".count)), digest: TestDigest.blake3($0.1), size: Int64($0.1.utf8.count))
            })
    }

    static func fixtureWithShards() throws -> ProjectFixture {
        let fixture = try ProjectFixture()
        try FileManager.default.createDirectory(atPath: fixture.path("shards/sub"), withIntermediateDirectories: true)
        for (path, text) in files { try fixture.write(path, text) }
        return fixture
    }

    /// Nothing but DEST's absence, and no staging directory beside it.
    static func expectNothingWritten(_ fixture: ProjectFixture, _ name: String) throws {
        #expect(!FileManager.default.fileExists(atPath: fixture.path(name)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root).filter { $0.contains("roar-get") }.isEmpty, "no staging left")
    }

    @Test func aDirectoryRoundTripsAsOneComposite() async throws {
        let fixture = try Self.fixtureWithShards()
        let storage = fixture.path("shared")
        let environment = TransferCommandTests.isolated(fixture)
        let put = try await RoarBinary.run(["put", "shards", "file://\(storage)/v1", "--json"], in: fixture.root, environment: environment)
        #expect(put.status == 0, "\(put.stderr)")
        let answer = try JSONParser.parse(put.stdout)
        let expected = Self.composite().digest
        #expect(answer["composites"]?.arrayValue?.first?["digest"]?.stringValue == expected)
        #expect(answer["composites"]?.arrayValue?.first?["url"]?.stringValue == "file://\(storage)/v1/")
        #expect(answer["artifacts"]?.arrayValue?.count == 3)
        #expect(answer["not_registered"]?.stringValue == "no registry configured (glaas.url)")
        #expect(fixture.read("shared/v1/sub/x.txt") == "x\n")
        #expect(try fixture.store.digest(forSourceURL: "file://\(storage)/v1/") == expected)
        let text = try await RoarBinary.run(["put", "shards", "file://\(storage)/v2"], in: fixture.root, environment: environment)
        #expect(text.stdout.contains("composite shards/ \(expected.prefix(12)) (3 files"), "\(text.stdout)")
        #expect(text.stdout.split(separator: "\n").filter { $0.hasPrefix("not registered") }.count == 1)

        let get = try await RoarBinary.run(["get", "file://\(storage)/v1/", "copy", "--json"], in: fixture.root, environment: environment)
        #expect(get.status == 0, "\(get.stderr)")
        let got = try JSONParser.parse(get.stdout)
        #expect(got["composite"]?["digest"]?.stringValue == expected)
        #expect(got["verified_against"]?.stringValue == expected)
        #expect(got["verified_files"]?.int64Value == 3)
        for (path, text) in Self.files { #expect(fixture.read("copy/" + path.dropFirst("shards/".count)) == text) }
        let job = try #require(try fixture.store.allJobs().last)
        #expect(job.jobType == "get")
        #expect(job.outputs.map(\.path).sorted() == ["copy/part-000.csv", "copy/part-001.csv", "copy/sub/x.txt"].map(fixture.path))

        // Into an existing directory, without a trailing slash on a file:// directory URL.
        try FileManager.default.createDirectory(atPath: fixture.path("existing"), withIntermediateDirectories: true)
        try fixture.write("existing/keep.txt", "kept\n")
        let again = try await RoarBinary.run(["get", "file://\(storage)/v1", "existing"], in: fixture.root, environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("composite \(expected.prefix(12)) verified"), "\(again.stdout)")
        #expect(fixture.read("existing/sub/x.txt") == "x\n")
        #expect(fixture.read("existing/keep.txt") == "kept\n")
    }

    @Test func aTamperedFileOrAWrongCompositeWritesNothing() async throws {
        let fixture = try Self.fixtureWithShards()
        let storage = fixture.path("shared")
        let environment = TransferCommandTests.isolated(fixture)
        #expect(try await RoarBinary.run(["put", "shards", "file://\(storage)"], in: fixture.root, environment: environment).status == 0)
        let jobs = try TransferCommandTests.jobCount(fixture)
        let wrong = try await RoarBinary.run(
            ["get", "file://\(storage)/", "copy", "--expect", "blake3:00000000"], in: fixture.root, environment: environment)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.split(separator: "\n").count == 1, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("composite-blake3"))
        try Self.expectNothingWritten(fixture, "copy")

        try "x tampered\n".write(toFile: storage + "/sub/x.txt", atomically: true, encoding: .utf8)
        let tampered = try await RoarBinary.run(["get", "file://\(storage)/", "copy"], in: fixture.root, environment: environment)
        #expect(tampered.status != 0)
        #expect(tampered.stderr.split(separator: "\n").count == 1, "\(tampered.stderr)")
        #expect(tampered.stderr.contains("sub/x.txt has blake3"), "\(tampered.stderr)")
        try Self.expectNothingWritten(fixture, "copy")
        #expect(try TransferCommandTests.jobCount(fixture) == jobs)
    }

    /// An S3 endpoint (a real HTTP server in this test) whose listing names keys that climb out
    /// of the prefix or are absolute: the get refuses before writing anything.
    @Test(arguments: ["../escaped.txt", "a/../../escaped.txt", "/etc/escaped.txt", "a//escaped.txt"])
    func hostileKeysNeverLeaveTheDestination(_ key: String) async throws {
        let fixture = try ProjectFixture()
        try FileManager.default.createDirectory(atPath: fixture.path("inside"), withIntermediateDirectories: true)
        let listing = """
            <?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>evil</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount>\
            <IsTruncated>false</IsTruncated><Contents><Key>p/fine.txt</Key><Size>5</Size></Contents>\
            <Contents><Key>p/\(key)</Key><Size>5</Size></Contents></ListBucketResult>
            """
        let serve: @Sendable (LocalHTTPServer.Request) async -> LocalHTTPServer.Response = { request in
            if request.query["list-type"] == "2" { return LocalHTTPServer.Response(body: Data(listing.utf8)) }
            return LocalHTTPServer.Response(body: Data("evil\n".utf8))
        }
        try await LocalHTTPServer.with(serve) { origin in
            let environment = TransferCommandTests.isolated(
                fixture, ["AWS_ENDPOINT_URL": origin, "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"])
            let result = try await RoarBinary.run(["get", "s3://evil-bucket/p/", "inside/dest"], in: fixture.root, environment: environment)
            #expect(result.status != 0)
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("would land outside"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.path("inside")).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("escaped.txt")))
        #expect(!FileManager.default.fileExists(atPath: fixture.path("inside/escaped.txt")))
        #expect(!FileManager.default.fileExists(atPath: "/etc/escaped.txt"))
        #expect(try TransferCommandTests.jobCount(fixture) == 0)
    }

    @Test(.enabled(if: MotoServer.available, MotoServer.unavailableReason))
    func s3PrefixGetFetchesEveryObject() async throws {
        let (server, credentials) = try await MotoServer.authenticating()
        let fixture = try Self.fixtureWithShards()
        let environment = TransferCommandTests.s3Environment(fixture, endpoint: server.endpoint, credentials: credentials)
        let s3Configuration: @Sendable () throws -> S3Configuration = { try S3Configuration.resolve(environment: environment) }
        try await StorageBackends.withBackends(s3: s3Configuration) { backends in
            let s3 = try #require(try backends.backend(for: StorageLocation("s3://roar-dirs/x")) as? S3Backend)
            try await s3.createBucket("roar-dirs")
        }
        let put = try await RoarBinary.run(["put", "shards", "s3://roar-dirs/run1", "--json"], in: fixture.root, environment: environment)
        #expect(put.status == 0, "\(put.stderr)")
        #expect(try JSONParser.parse(put.stdout)["composites"]?.arrayValue?.first?["url"]?.stringValue == "s3://roar-dirs/run1/")
        let get = try await RoarBinary.run(["get", "s3://roar-dirs/run1/", "fetched", "--json"], in: fixture.root, environment: environment)
        #expect(get.status == 0, "\(get.stderr)")
        let got = try JSONParser.parse(get.stdout)
        #expect(got["verified_against"]?.stringValue == Self.composite().digest)
        #expect(got["verified_files"]?.int64Value == 3)
        #expect(fixture.read("fetched/sub/x.txt") == "x\n")

        // Another project knows no digests: --expect carries the composite's.
        let other = try ProjectFixture()
        let elsewhere = try await RoarBinary.run(
            ["get", "s3://roar-dirs/run1/", "d", "--expect", Self.composite().digest], in: other.root,
            environment: TransferCommandTests.s3Environment(other, endpoint: server.endpoint, credentials: credentials))
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(other.read("d/part-001.csv") == "b,2\n")
        let empty = try await RoarBinary.run(["get", "s3://roar-dirs/none/", "e"], in: other.root, environment: environment)
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("no objects under"), "\(empty.stderr)")
        await server.stop()
    }
}
