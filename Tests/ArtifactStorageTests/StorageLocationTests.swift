import Foundation
import Testing

@testable import ArtifactStorage

/// URLs as users type them: what is accepted, how directories are joined, what is refused.
struct StorageLocationTests {
    @Test func parsesFileAndS3URLs() throws {
        let file = try StorageLocation("file:///data//models/")
        #expect(file.kind == .file(path: "/data/models/"))
        #expect(file.appending("m.bin").description == "file:///data/models/m.bin")
        #expect(file.sourceType == nil)
        #expect(try StorageLocation("file://localhost/x").kind == .file(path: "/x"))

        let s3 = try StorageLocation("s3://my-bucket/run 1/out")
        #expect(s3.kind == .s3(bucket: "my-bucket", key: "run 1/out"))
        #expect(s3.appending("m.bin").description == "s3://my-bucket/run 1/out/m.bin")
        #expect(try StorageLocation("s3://my-bucket").appending("m.bin").description == "s3://my-bucket/m.bin")
        #expect(try StorageLocation("s3://my-bucket/p/").appending("m.bin").description == "s3://my-bucket/p/m.bin")
        #expect(s3.sourceType == "s3")
        #expect(s3.name == "out")
    }

    @Test(arguments: ["ftp://host/x", "data/models", "file://relative/x", "s3://Bad_Bucket/x", "s3://ab/x", "s3:///x"])
    func refusesWhatNoBackendCanStore(_ text: String) {
        let error = #expect(throws: StorageError.self) { try StorageLocation(text) }
        guard case .badURL(let message)? = error else {
            Issue.record("expected StorageError.badURL, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix(text), "the message names the URL: \(message)")
    }

    @Test func s3ErrorsAreOneLineWithAHint() {
        let error = StorageError.service(
            location: "s3://b/k", status: 403, code: "SignatureDoesNotMatch", message: "The request signature\nwe calculated does not match")
        #expect(
            error.description == "s3://b/k: SignatureDoesNotMatch: The request signature we calculated does not match (check AWS_SECRET_ACCESS_KEY)")
    }

    @Test func errorDocumentsAreRead() {
        let document = "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket &amp; key do not exist</Message></Error>"
        #expect(S3XML.value(of: "Code", in: document) == "NoSuchBucket")
        #expect(S3XML.value(of: "Message", in: document) == "The specified bucket & key do not exist")
        #expect(S3XML.value(of: "UploadId", in: document) == nil)
    }
}

/// gs:// and https:// URLs, and which listed keys may become local paths.
struct StorageLocationSchemeTests {
    @Test func parsesCloudStorageAndWebURLs() throws {
        let gs = try StorageLocation("gs://my_bucket/data/shards")
        #expect(gs.kind == .gs(bucket: "my_bucket", key: "data/shards"))
        #expect(gs.sourceType == "gs")
        #expect(gs.asDirectory.description == "gs://my_bucket/data/shards/")
        #expect(gs.appending("a.csv").description == "gs://my_bucket/data/shards/a.csv")
        let web = try StorageLocation("https://example.org/files/model.bin")
        #expect(web.sourceType == "https")
        #expect(web.name == "model.bin")
        #expect(!web.isDirectory)
        #expect(try StorageLocation("s3://bucket/p/").isDirectory)
        #expect(throws: StorageError.self) { try StorageLocation("gs://A!/x") }
        #expect(throws: StorageError.self) { try StorageLocation("https:///nohost") }
    }

    @Test(arguments: ["a.txt", "dir/b.txt", "x..y/z", "..a/b"])
    func safeKeysStayInside(_ key: String) {
        #expect(ListedObject.safeRelativePath(key) == key)
    }

    @Test(arguments: ["", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/..", "dir/", "a\\..\\b", "a\0b", "."])
    func unsafeKeysAreRefused(_ key: String) {
        #expect(ListedObject.safeRelativePath(key) == nil)
    }
}
