import Crypto
import Foundation
import TestSupport
import Testing
import _CryptoExtras

@testable import ArtifactStorage

/// Cloud Storage sign-in against a real local token endpoint: a service account's JWT (RS256,
/// verified here with the public key) and an authorized user's refresh token are exchanged for
/// an access token, which then authorizes storage requests; refusals are one line.
@Suite(.timeLimit(.minutes(2)))
struct GCSCredentialsTests {
    /// What the token endpoint saw.
    actor Log {
        var grants: [String] = []
        var authorizations: [String] = []
        func grant(_ text: String) { grants.append(text) }
        func authorization(_ text: String) { authorizations.append(text) }
    }

    static func decode(_ part: Substring) -> Data? {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text)
    }

    /// Answers the JWT-bearer grant when the assertion verifies with `publicKey`, the refresh
    /// grant for "refresh-1", and `GET …/o/x?alt=media` with a valid bearer token.
    static func handler(publicKey: _RSA.Signing.PublicKey, log: Log) -> @Sendable (LocalHTTPServer.Request) async -> LocalHTTPServer.Response {
        { request in
            let refused = LocalHTTPServer.Response(
                status: 400, body: Data(#"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#.utf8))
            if request.path == "/token" {
                var form: [String: String] = [:]
                for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                    if parts.count == 2 { form[parts[0]] = parts[1] }
                }
                await log.grant(form["grant_type"] ?? "")
                switch form["grant_type"] {
                case "urn:ietf:params:oauth:grant-type:jwt-bearer":
                    let parts = (form["assertion"] ?? "").split(separator: ".")
                    guard parts.count == 3, let headerData = decode(parts[0]), let claimsData = decode(parts[1]), let signature = decode(parts[2]),
                        let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
                        let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any],
                        header["alg"] as? String == "RS256", header["kid"] as? String == "key-1",
                        claims["iss"] as? String == "roar@test.iam.gserviceaccount.com",
                        claims["scope"] as? String == "https://www.googleapis.com/auth/devstorage.read_write",
                        (claims["aud"] as? String)?.hasSuffix("/token") == true,
                        publicKey.isValidSignature(
                            _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data("\(parts[0]).\(parts[1])".utf8),
                            padding: .insecurePKCS1v1_5)
                    else { return refused }
                    return LocalHTTPServer.Response(body: Data(#"{"access_token":"sa-token","expires_in":3599,"token_type":"Bearer"}"#.utf8))
                case "refresh_token" where form["refresh_token"] == "refresh-1" && form["client_secret"] == "secret-1":
                    return LocalHTTPServer.Response(body: Data(#"{"access_token":"user-token","expires_in":3599}"#.utf8))
                default:
                    return refused
                }
            }
            await log.authorization(request.headers["authorization"] ?? "")
            guard ["Bearer sa-token", "Bearer user-token"].contains(request.headers["authorization"]) else {
                return LocalHTTPServer.Response(status: 401, body: Data(#"{"error":{"code":401,"message":"Invalid Credentials"}}"#.utf8))
            }
            return LocalHTTPServer.Response(body: Data("object bytes".utf8))
        }
    }

    static func keyFile(_ directory: String, _ key: _RSA.Signing.PrivateKey, tokenURI: String) throws -> String {
        let object: [String: Any] = [
            "type": "service_account", "project_id": "test", "private_key_id": "key-1", "private_key": key.pkcs8PEMRepresentation,
            "client_email": "roar@test.iam.gserviceaccount.com", "token_uri": tokenURI,
        ]
        let path = directory + "/key.json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func serviceAccountJWTIsExchangedAndAuthorizesDownloads() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let log = Log()
        let directory = NSTemporaryDirectory() + "gcs-auth-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await LocalHTTPServer.with(Self.handler(publicKey: key.publicKey, log: log)) { origin in
            let path = try Self.keyFile(directory, key, tokenURI: origin + "/token")
            let configuration = try GCSConfiguration.resolve(environment: ["GOOGLE_APPLICATION_CREDENTIALS": path, "ROAR_GCS_ENDPOINT": origin])
            guard case .serviceAccount(let account) = configuration.credentials else { throw TestFailure("not read as a service account") }
            #expect(account.clientEmail == "roar@test.iam.gserviceaccount.com")
            try await StorageBackends.withBackends(s3: { throw StorageError.configuration("no S3") }, gcs: { configuration }) { backends in
                let gcs = try #require(try backends.backend(for: StorageLocation("gs://bkt/x")) as? GCSBackend)
                #expect(try await gcs.download(try StorageLocation("gs://bkt/x"), to: directory + "/x") == 12)
                #expect(try await gcs.download(try StorageLocation("gs://bkt/x"), to: directory + "/y") == 12)
            }
        }
        #expect(await log.grants == ["urn:ietf:params:oauth:grant-type:jwt-bearer"], "one exchange, the token reused")
        #expect(await log.authorizations == ["Bearer sa-token", "Bearer sa-token"])
        #expect(FileManager.default.contents(atPath: directory + "/x") == Data("object bytes".utf8))
    }

    @Test func aKeyTheEndpointCannotVerifyIsRefusedInOneLine() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let directory = NSTemporaryDirectory() + "gcs-auth-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await LocalHTTPServer.with(Self.handler(publicKey: key.publicKey, log: Log())) { origin in
            let path = try Self.keyFile(directory, other, tokenURI: origin + "/token")
            let configuration = try GCSConfiguration.resolve(environment: ["GOOGLE_APPLICATION_CREDENTIALS": path, "ROAR_GCS_ENDPOINT": origin])
            try await StorageBackends.withBackends(s3: { throw StorageError.configuration("no S3") }, gcs: { configuration }) { backends in
                let gcs = try #require(try backends.backend(for: StorageLocation("gs://bkt/x")) as? GCSBackend)
                await #expect {
                    _ = try await gcs.download(try StorageLocation("gs://bkt/x"), to: directory + "/x")
                } throws: { error in
                    let text = String(describing: error)
                    return text.contains("refused the credentials: Invalid JWT Signature.") && !text.contains("\n")
                }
            }
        }
    }

    @Test func applicationDefaultUserCredentialsRefresh() async throws {
        let directory = NSTemporaryDirectory() + "gcs-adc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/.config/gcloud", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = Log()
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        try await LocalHTTPServer.with(Self.handler(publicKey: key.publicKey, log: log)) { origin in
            let file: [String: Any] = [
                "type": "authorized_user", "client_id": "client-1", "client_secret": "secret-1", "refresh_token": "refresh-1",
                "token_uri": origin + "/token",
            ]
            try JSONSerialization.data(withJSONObject: file).write(
                to: URL(fileURLWithPath: directory + "/.config/gcloud/application_default_credentials.json"))
            let configuration = try GCSConfiguration.resolve(environment: ["HOME": directory, "ROAR_GCS_ENDPOINT": origin])
            try await StorageBackends.withBackends(s3: { throw StorageError.configuration("no S3") }, gcs: { configuration }) { backends in
                let gcs = try #require(try backends.backend(for: StorageLocation("gs://bkt/x")) as? GCSBackend)
                #expect(try await gcs.download(try StorageLocation("gs://bkt/x"), to: directory + "/x") == 12)
            }
        }
        #expect(await log.grants == ["refresh_token"])
        #expect(await log.authorizations == ["Bearer user-token"])
        #expect(throws: StorageError.self) { try GCSConfiguration.resolve(environment: ["HOME": directory + "/nowhere"]) }
    }
}
