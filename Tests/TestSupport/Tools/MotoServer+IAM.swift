import ArtifactStorage
import AsyncHTTPClient
import Foundation
import NIOCore

extension MotoServer {
    /// A server that checks every S3 request's signature and permissions (moto verifies with
    /// botocore, an implementation independent of ours), and credentials of an IAM user allowed
    /// s3:*. The first three actions (creating that user, its key, its policy) go unchecked.
    public static func authenticating() async throws -> (server: MotoServer, credentials: S3Credentials) {
        let server = try await MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"])
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        do {
            _ = try await server.iam(client, ["Action": "CreateUser", "UserName": "roar-test"])
            let key = try await server.iam(client, ["Action": "CreateAccessKey", "UserName": "roar-test"])
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
            _ = try await server.iam(client, ["Action": "PutUserPolicy", "UserName": "roar-test", "PolicyName": "s3", "PolicyDocument": policy])
            try await client.shutdown()
            guard let id = element("AccessKeyId", key), let secret = element("SecretAccessKey", key) else {
                throw TestFailure("moto created no access key: \(key)")
            }
            return (server, S3Credentials(accessKeyID: id, secretAccessKey: secret))
        } catch {
            try? await client.shutdown()
            await server.stop()
            throw error
        }
    }

    /// One IAM query-API call (moto routes it by the credential scope's service, iam).
    func iam(_ client: HTTPClient, _ parameters: [String: String]) async throws -> String {
        let body = (parameters.merging(["Version": "2010-05-08"]) { $1 }).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)" }.joined(separator: "&")
        let host = String(endpoint.dropFirst("http://".count))
        let signer = SigV4Signer(
            credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "setup"), region: "us-east-1", service: "iam")
        let headers = signer.sign(
            method: "POST", path: "/", headers: ["host": host, "content-type": "application/x-www-form-urlencoded"],
            payloadHash: SigV4Signer.hexSHA256(Data(body.utf8)))
        var request = HTTPClientRequest(url: endpoint + "/")
        request.method = .POST
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else { throw TestFailure("IAM \(parameters["Action"] ?? ""): HTTP \(response.status.code): \(text)") }
        return text
    }

    static func element(_ name: String, _ document: String) -> String? {
        guard let open = document.range(of: "<\(name)>"), let close = document.range(of: "</\(name)>", range: open.upperBound..<document.endIndex)
        else { return nil }
        return String(document[open.upperBound..<close.lowerBound])
    }
}
