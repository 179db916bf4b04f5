import HTTPTypes
import LineageModel

/// Sends v1 requests the way the tests do: to the in-process router, or over the network to
/// running servers. (Not GLaaSClient's `RegistryClient`, the client `roar` uses.)
public protocol TestHTTPClient: Sendable {
    /// Sends one request and returns the reply.
    func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, auth: TestRegistry.Auth, headers: HTTPFields) async throws
        -> TestRegistry.Reply
}

extension TestHTTPClient {
    /// Sends `body` (raw bytes) with `auth`.
    public func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, auth: TestRegistry.Auth = .none) async throws
        -> TestRegistry.Reply
    {
        try await send(method, path, body: body, auth: auth, headers: [:])
    }

    /// Sends `json` in canonical form with `auth`.
    public func send(_ method: HTTPRequest.Method, _ path: String, json: JSONValue, auth: TestRegistry.Auth = .none) async throws
        -> TestRegistry.Reply
    {
        try await send(method, path, body: CanonicalJSON.bytes(json), auth: auth, headers: [:])
    }

    /// `GET path`.
    public func get(_ path: String, auth: TestRegistry.Auth = .none) async throws -> TestRegistry.Reply { try await send(.get, path, auth: auth) }

    /// Opens an anonymous_public registration session: its id and its token.
    public func openAnonymousSession() async throws -> (id: String, auth: TestRegistry.Auth) {
        let created = try await send(.post, "/api/v1/registration-sessions", json: ["mode": "anonymous_public"])
        guard let id = created.data["registration_session_id"]?.stringValue,
            let token = created.data["registration_session_token"]?.stringValue
        else { throw TestFailure("no registration session in \(created.json)") }
        return (id, .token(token))
    }
}
