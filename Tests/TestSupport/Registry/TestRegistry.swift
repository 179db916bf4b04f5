import Foundation
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageStore
import NIOCore
import SSHSignatures

/// A glaas server on a fresh store, exercised in process (or on a 127.0.0.1 port the system
/// chose), plus helpers that speak to it the way roar-cli does.
public struct TestRegistry: Sendable {
    /// How a request authenticates.
    public enum Auth: Sendable {
        case none
        /// `RegistrationSession TOKEN`.
        case token(String)
        /// Signed with the key, as roar-cli signs.
        case ssh(any RequestSigner)
        /// This Authorization header, verbatim.
        case header(String)
    }

    /// An answer: its status and its JSON body.
    public struct Reply: Sendable {
        /// The HTTP status.
        public var status: HTTPResponse.Status
        /// The body, parsed (a string when it is not JSON, null when empty).
        public var json: JSONValue
        /// `data` of the envelope, or the whole body.
        public var data: JSONValue { json["data"] ?? json }
        /// The error envelope's message.
        public var message: String? { json["error"]?["message"]?.stringValue }

        /// A reply.
        public init(status: HTTPResponse.Status, json: JSONValue) {
            self.status = status
            self.json = json
        }
    }

    /// The registry's store.
    public let store: any RegistryStore & StoreMaintenance
    /// The server's configuration (its port only shapes the URLs it prints).
    public let configuration: GLaaSConfiguration

    /// A registry on a new store of `kind`.
    public init(_ kind: StoreKind, configuration: GLaaSConfiguration = GLaaSConfiguration(port: 8765)) async throws {
        store = try await kind.make()
        self.configuration = configuration
    }

    /// The application on this registry's store.
    public var application: GLaaSTestApplication { GLaaSTestApplication(store: store, configuration: configuration) }

    /// Runs `body` with a client bound to the in-process router.
    public func run<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        try await application.routed { client in try await body(Client(client: client)) }
    }

    /// Runs `body` with the registry listening on a port of 127.0.0.1 the system chose, given
    /// its origin (`http://127.0.0.1:PORT`) and a client speaking to it over the network.
    public func live<T: Sendable>(_ body: @Sendable (String, Client) async throws -> T) async throws -> T {
        try await application.live { origin, client in try await body(origin, Client(client: client)) }
    }

    /// Adds a user with the signer's key.
    @discardableResult
    public func addUser(_ name: String, signer: any RequestSigner, id: String? = nil) async throws -> User {
        let user = try await store.addUser(id: id, name: name, email: "\(name)@example.com")
        let key = try SSHPublicKey(openSSHLine: signer.publicKeyLine)
        try await store.addKey(
            UserKey(
                fingerprint: key.fingerprint, userID: user.id, keyType: key.algorithm.rawValue,
                publicKeyBase64: Data(key.blob).base64EncodedString(), comment: key.comment, createdAt: Date()))
        return user
    }

    /// A client of a HummingbirdTesting application.
    public struct Client: TestHTTPClient {
        let client: any TestClientProtocol

        /// A client over a HummingbirdTesting client.
        public init(client: any TestClientProtocol) { self.client = client }

        /// Sends one request.
        public func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, auth: Auth, headers extra: HTTPFields) async throws -> Reply {
            var headers = extra
            if body != nil { headers[.contentType] = "application/json" }
            if let authorization = try auth.header(method: method, path: path, body: body) { headers[.authorization] = authorization }
            var buffer: ByteBuffer?
            if let body {
                buffer = ByteBuffer()
                buffer!.writeBytes(body)
            }
            return try await client.execute(uri: path, method: method, headers: headers, body: buffer) { response in
                Reply(status: response.status, json: Reply.parse(Array(buffer: response.body)))
            }
        }
    }
}

extension TestRegistry.Reply {
    /// A body as a reply holds it: JSON, else the text as a string, null when empty.
    public static func parse(_ bytes: [UInt8]) -> JSONValue {
        bytes.isEmpty ? .null : ((try? JSONParser.parse(bytes)) ?? .string(String(decoding: bytes, as: UTF8.self)))
    }
}

extension TestRegistry.Auth {
    /// The Authorization header value, signed for this request when it is an SSH key.
    public func header(method: HTTPRequest.Method, path: String, body: [UInt8]?) throws -> String? {
        switch self {
        case .none: nil
        case .token(let token): "RegistrationSession \(token)"
        case .ssh(let signer): try signer.authorization(method: method.rawValue, pathWithQuery: path, body: body ?? [])
        case .header(let value): value
        }
    }
}
