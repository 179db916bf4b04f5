import Foundation
import Testing

@testable import ArtifactStorage

/// Where credentials, endpoint and region come from, in the AWS CLI's order.
struct S3ConfigurationTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "storage-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
        return path
    }

    @Test func environmentWinsOverTheCredentialsFile() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try
            "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n\n[other]\naws_access_key_id=OTHER\naws_secret_access_key=o\naws_session_token = t\n"
            .write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8)
        let fromFile = try S3Credentials.resolve(environment: ["HOME": home])
        #expect(fromFile == S3Credentials(accessKeyID: "FILEKEY", secretAccessKey: "filesecret"))
        #expect(
            try S3Credentials.resolve(environment: ["HOME": home, "AWS_PROFILE": "other"])
                == S3Credentials(accessKeyID: "OTHER", secretAccessKey: "o", sessionToken: "t"))
        let fromEnvironment = try S3Credentials.resolve(environment: [
            "HOME": home, "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret",
        ])
        #expect(fromEnvironment.accessKeyID == "ENVKEY")
    }

    @Test func missingCredentialsSayWhatToSet() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        #expect {
            try S3Credentials.resolve(environment: ["HOME": home])
        } throws: { String(describing: $0).contains("AWS_ACCESS_KEY_ID") }
        let half = #expect(throws: StorageError.self) { try S3Credentials.resolve(environment: ["HOME": home, "AWS_ACCESS_KEY_ID": "k"]) }
        guard case .configuration("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")? = half else {
            Issue.record("expected the configuration error naming AWS_SECRET_ACCESS_KEY, got \(String(describing: half))")
            return
        }
    }

    @Test func endpointAndRegionFallBackToTheProjectSettings() throws {
        let keys = ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"]
        let plain = try S3Configuration.resolve(environment: keys)
        #expect(plain.region == "us-east-1")
        #expect(plain.endpoint.absoluteString == "https://s3.us-east-1.amazonaws.com")
        let configured = try S3Configuration.resolve(endpoint: "http://127.0.0.1:9000", region: "eu-west-3", environment: keys)
        #expect(configured.endpoint.port == 9000)
        #expect(configured.region == "eu-west-3")
        let overridden = try S3Configuration.resolve(
            endpoint: "http://127.0.0.1:9000", region: "eu-west-3",
            environment: keys.merging(["AWS_ENDPOINT_URL": "http://127.0.0.1:9100", "AWS_DEFAULT_REGION": "ap-south-1"]) { $1 })
        #expect(overridden.endpoint.port == 9100)
        #expect(overridden.region == "ap-south-1")
        let bad = #expect(throws: StorageError.self) { try S3Configuration.resolve(endpoint: "127.0.0.1:9000", environment: keys) }
        guard case .configuration("the S3 endpoint 127.0.0.1:9000 is not an http:// or https:// URL")? = bad else {
            Issue.record("expected the configuration error naming the endpoint, got \(String(describing: bad))")
            return
        }
    }
}
