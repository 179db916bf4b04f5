import Foundation
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageModel
import SSHSignatures
import LineageStore
import NIOCore
import StoreTestSupport

/// A glaas server on a fresh SQLite store, exercised in process, plus helpers that speak to it
/// the way roar-cli does.
struct TestRegistry {
    enum Auth: Sendable {
        case none
        case token(String)
        case ssh(any RequestSigner)
        case header(String)
    }

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var json: JSONValue
        /// `data` of the envelope, or the whole body.
        var data: JSONValue { json["data"] ?? json }
        var message: String? { json["error"]?["message"]?.stringValue }
    }

    let store: any RegistryStore & StoreMaintenance
    let configuration: GLaaSConfiguration

    init(_ kind: StoreKind, configuration: GLaaSConfiguration = GLaaSConfiguration(port: 8765)) async throws {
        store = try await kind.make()
        self.configuration = configuration
    }

    /// Runs `body` with a client bound to the in-process router.
    func run<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        let app = Application(router: GLaaSApplication.router(store: store, configuration: configuration))
        return try await app.test(.router) { client in try await body(Client(client: client)) }
    }

    /// Adds a user with the signer's key.
    func addUser(_ name: String, signer: any RequestSigner, id: String? = nil) async throws -> User {
        let user = try await store.addUser(id: id, name: name, email: "\(name)@example.com")
        let key = try SSHPublicKey(openSSHLine: signer.publicKeyLine)
        try await store.addKey(UserKey(
            fingerprint: key.fingerprint, userID: user.id, keyType: key.algorithm.rawValue,
            publicKeyBase64: Data(key.blob).base64EncodedString(), comment: key.comment, createdAt: Date()))
        return user
    }

    struct Client: RegistryClient {
        let client: any TestClientProtocol

        func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, auth: Auth, headers extra: HTTPFields) async throws -> Reply {
            var headers = extra
            if body != nil { headers[.contentType] = "application/json" }
            if let authorization = try auth.header(method: method, path: path, body: body) { headers[.authorization] = authorization }
            var buffer: ByteBuffer?
            if let body {
                buffer = ByteBuffer()
                buffer!.writeBytes(body)
            }
            return try await client.execute(uri: path, method: method, headers: headers, body: buffer) { response in
                let bytes = Array(buffer: response.body)
                let json = bytes.isEmpty ? JSONValue.null : ((try? JSONParser.parse(bytes)) ?? .string(String(decoding: bytes, as: UTF8.self)))
                return Reply(status: response.status, json: json)
            }
        }


    }
}

/// Sends v1 requests: to the in-process router, or over the network to running servers.
protocol RegistryClient: Sendable {
    func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, auth: TestRegistry.Auth, headers: HTTPFields) async throws -> TestRegistry.Reply
}

extension RegistryClient {
    func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, auth: TestRegistry.Auth = .none) async throws -> TestRegistry.Reply {
        try await send(method, path, body: body, auth: auth, headers: [:])
    }

    func send(_ method: HTTPRequest.Method, _ path: String, json: JSONValue, auth: TestRegistry.Auth = .none) async throws -> TestRegistry.Reply {
        try await send(method, path, body: CanonicalJSON.bytes(json), auth: auth, headers: [:])
    }

    func get(_ path: String, auth: TestRegistry.Auth = .none) async throws -> TestRegistry.Reply { try await send(.get, path, auth: auth) }

    /// Opens an anonymous_public registration session: its id and its token.
    func openAnonymousSession() async throws -> (id: String, auth: TestRegistry.Auth) {
        let created = try await send(.post, "/api/v1/registration-sessions", json: ["mode": "anonymous_public"])
        guard let id = created.data["registration_session_id"]?.stringValue,
            let token = created.data["registration_session_token"]?.stringValue
        else { throw TestFailure("no registration session in \(created.json)") }
        return (id, .token(token))
    }
}

extension TestRegistry.Auth {
    /// The Authorization header value, signed for this request when it is an SSH key.
    func header(method: HTTPRequest.Method, path: String, body: [UInt8]?) throws -> String? {
        switch self {
        case .none: nil
        case .token(let token): "RegistrationSession \(token)"
        case .ssh(let signer): try signer.authorization(method: method.rawValue, pathWithQuery: path, body: body ?? [])
        case .header(let value): value
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
