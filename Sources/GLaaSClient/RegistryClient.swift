import AsyncHTTPClient
import Foundation
import LineageModel
import NIOCore
import NIOHTTP1
import SSHSignatures

/// The GLaaS v1 protocol as roar-cli 0.4.7 speaks it (docs/v1-protocol.md): JSON over
/// HTTP under `{glaas.url}/api/v1`, answers enveloped (`{"success", "data"}`) or raw, requests
/// anonymous, SSH-signed (§2.2), with a Bearer access token (§2.3) or carrying a
/// registration-session token (§2.4).
public final class RegistryClient: Sendable {
    /// How one request proves who sends it.
    public enum Credential: Sendable, Equatable {
        case anonymous
        /// Signed with the client's SSH key.
        case signed
        /// `Authorization: RegistrationSession <token>` (anonymous publishing).
        case registrationToken(String)
        /// `Authorization: Bearer <access token>` (a `roar login`).
        case bearer(String)
    }

    /// A raw answer: status and body bytes.
    public struct Reply: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var isSuccess: Bool { (200..<300).contains(status) }
    }

    /// roar-cli's version header: the registry treats its absence as a legacy client.
    public static let protocolVersion = "0.4.7"
    public static let apiPrefix = "/api/v1"

    public let endpoint: GLaaSEndpoint
    /// The key that signs `.signed` requests, if the user has one.
    public let key: SSHPrivateKey?
    let http: HTTPClient

    /// One process-wide HTTP client (never shut down: it lives as long as the process). A
    /// refused connection fails at once instead of being retried until the deadline, so a
    /// registry that is down reads as unreachable, not as slow.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(30)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(endpoint: GLaaSEndpoint, key: SSHPrivateKey? = nil, http: HTTPClient = RegistryClient.sharedHTTPClient) {
        self.endpoint = endpoint
        self.key = key
        self.http = http
    }

    /// Sends one request to `/api/v1{path}` (path includes any query string; `prefix` names
    /// another API, e.g. `/api/graph/v1`) and returns the status and body, whatever the status.
    /// Transport failures become `unreachable` or `timedOut`.
    public func send(
        _ method: HTTPMethod, _ path: String, json: JSONValue? = nil, credential: Credential = .anonymous, versionHeader: Bool = true,
        prefix: String = RegistryClient.apiPrefix
    ) async throws -> Reply {
        let pathWithQuery = prefix + path
        var request = HTTPClientRequest(url: endpoint.baseURL + pathWithQuery)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if versionHeader { request.headers.add(name: "X-Roar-Version", value: Self.protocolVersion) }
        let body = json.map { $0.isNull ? [] : CanonicalJSON.bytes($0) } ?? []
        if !body.isEmpty {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        try authorize(&request, credential: credential, pathWithQuery: pathWithQuery, body: body)
        let deadline = NIODeadline.now() + .nanoseconds(Int64(endpoint.timeout * 1_000_000_000))
        do {
            let response = try await http.execute(request, deadline: deadline)
            let bytes = try await response.body.collect(upTo: 256 << 20)
            return Reply(status: Int(response.status.code), body: Array(buffer: bytes))
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw RegistryClientError.timedOut(url: endpoint.baseURL, seconds: endpoint.timeout)
        } catch let error as RegistryClientError {
            throw error
        } catch {
            if NIODeadline.now() >= deadline { throw RegistryClientError.timedOut(url: endpoint.baseURL, seconds: endpoint.timeout) }
            throw RegistryClientError.unreachable(url: endpoint.baseURL, reason: Self.reason(error))
        }
    }

    /// Adds the `Authorization` header `credential` calls for (an SSH signature over the method,
    /// path with query and body).
    func authorize(_ request: inout HTTPClientRequest, credential: Credential, pathWithQuery: String, body: [UInt8]) throws {
        let method = request.method
        switch credential {
        case .anonymous: break
        case .registrationToken(let token): request.headers.add(name: "Authorization", value: "RegistrationSession \(token)")
        case .bearer(let token): request.headers.add(name: "Authorization", value: "Bearer \(token)")
        case .signed:
            guard let key else {
                throw RegistryClientError.configuration("no SSH key to sign with (set ROAR_SSH_KEY or glaas.key, or create ~/.ssh/id_ed25519)")
            }
            request.headers.add(
                name: "Authorization", value: try key.authorization(method: method.rawValue, pathWithQuery: pathWithQuery, body: body))
        }
    }

    /// Sends a request that must succeed and answer JSON; returns `data` of an envelope, or
    /// the object itself. An empty 2xx body is `{}`.
    public func call(
        _ method: HTTPMethod, _ path: String, json: JSONValue? = nil, credential: Credential = .anonymous, versionHeader: Bool = true
    ) async throws -> JSONValue {
        let reply = try await send(method, path, json: json, credential: credential, versionHeader: versionHeader)
        guard reply.isSuccess else { throw Self.failure(reply, path: path) }
        return try Self.unwrap(reply, path: path)
    }

    /// The envelope's `data` when `success` is truthy and `data` present, else the whole object.
    static func unwrap(_ reply: Reply, path: String) throws -> JSONValue {
        guard !reply.body.isEmpty else { return .object([:]) }
        guard let json = try? JSONParser.parse(reply.body) else {
            let text = String(decoding: reply.body.prefix(200), as: UTF8.self)
            let reason = text.lowercased().contains("<html") ? "HTML instead of JSON" : "not JSON: \(text.prefix(80))"
            throw RegistryClientError.invalidResponse(path: path, reason: reason)
        }
        if json["success"]?.boolValue == true, let data = json["data"] { return data }
        return json
    }

    /// The registry's message for a failed request: `detail`/`message` at the top, else in
    /// `error`, else the start of the body.
    static func failure(_ reply: Reply, path: String, prefix: String = apiPrefix) -> RegistryClientError {
        var message = String(decoding: reply.body.prefix(100), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let json = try? JSONParser.parse(reply.body) {
            let error = json["error"]
            if let text = json["detail"]?.stringValue ?? json["message"]?.stringValue ?? error?["detail"]?.stringValue
                ?? error?["message"]?.stringValue ?? error?.stringValue
            {
                message = text
            }
        }
        if message.isEmpty { message = HTTPResponseStatus(statusCode: reply.status).reasonPhrase }
        return .http(status: reply.status, message: message, path: prefix + path)
    }

    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return String(text.prefix(160))
    }
}
