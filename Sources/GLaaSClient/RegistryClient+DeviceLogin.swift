import Foundation
import LineageModel

/// `roar login` (§2.3): the OAuth device flow (RFC 8628) as the registry speaks it, the rotating
/// refresh, logout, the access context, and approving another machine's login with this
/// machine's SSH key (`POST /auth/device/approve`, ours).
extension RegistryClient {
    /// The `client_id` roar sends.
    public static let deviceClientID = "roar"
    static let deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"

    /// `POST /auth/device/start`: a code for the user to approve.
    public func startDeviceLogin(clientName: String = RegistryClient.deviceClientID) async throws -> DeviceAuthorization {
        let path = "/auth/device/start"
        let body: JSONValue = ["client_id": .string(Self.deviceClientID), "client_name": .string(clientName)]
        return try DeviceAuthorization(json: try await call(.POST, path, json: body, versionHeader: false), path: path)
    }

    /// One `POST /auth/device/token`. `expired_token` and `access_denied` throw `DeviceLoginError`.
    public func pollDeviceToken(_ authorization: DeviceAuthorization) async throws -> DevicePoll {
        let path = "/auth/device/token"
        let body: JSONValue = [
            "grant_type": .string(Self.deviceGrantType), "device_code": .string(authorization.deviceCode),
            "client_id": .string(Self.deviceClientID),
        ]
        let reply = try await send(.POST, path, json: body, versionHeader: false)
        let code: String?
        if reply.isSuccess {
            let data = try Self.unwrap(reply, path: path)
            // Some registries answer 200 with a status while the user has not decided.
            code = data["access_token"] == nil ? data["status"]?.stringValue : nil
            if code == nil { return .issued(try IssuedToken(json: data, path: path)) }
        } else {
            code = Self.errorCode(reply)
        }
        switch code {
        case "authorization_pending": return .pending
        case "slow_down": return .slowDown
        case "expired_token": throw DeviceLoginError.expired
        case "access_denied": throw DeviceLoginError.denied
        default:
            if reply.isSuccess { throw RegistryClientError.invalidResponse(path: path, reason: "no access_token") }
            throw Self.failure(reply, path: path)
        }
    }

    /// Polls until the user decides: every `interval` seconds (5 more after each `slow_down`),
    /// sleeping with `Task.sleep`, and no longer than `expires_in` from now.
    public func waitForDeviceToken(_ authorization: DeviceAuthorization) async throws -> IssuedToken {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(max(1, authorization.expiresIn))
        var interval = max(1, authorization.interval)
        while true {
            switch try await pollDeviceToken(authorization) {
            case .issued(let token): return token
            case .slowDown: interval += 5
            case .pending: break
            }
            let wake = clock.now + .seconds(interval)
            guard wake < deadline else { throw DeviceLoginError.expired }
            try await Task.sleep(until: wake, clock: clock)
        }
    }

    /// `POST /auth/refresh`: new tokens for a refresh token. The refresh token rotates: the
    /// one sent stops working, the answer carries its successor.
    public func refresh(_ refreshToken: String) async throws -> IssuedToken {
        let path = "/auth/refresh"
        let body: JSONValue = ["refresh_token": .string(refreshToken), "client_id": .string(Self.deviceClientID)]
        return try IssuedToken(json: try await call(.POST, path, json: body, versionHeader: false), path: path)
    }

    /// `POST /auth/logout` with the access token: the registry revokes it and its refresh
    /// token. Returns the registry's `revoked`.
    @discardableResult
    public func logout(accessToken: String) async throws -> Bool {
        let data = try await call(.POST, "/auth/logout", credential: .bearer(accessToken), versionHeader: false)
        return data["revoked"]?.boolValue ?? true
    }

    /// `GET /auth/access-context` (the legacy `/user/access-context` when the registry answers 404).
    public func accessContext(credential: Credential) async throws -> AccessContext {
        var path = "/auth/access-context"
        var reply = try await send(.GET, path, credential: credential, versionHeader: false)
        if reply.status == 404 {
            path = "/user/access-context"
            reply = try await send(.GET, path, credential: credential, versionHeader: false)
        }
        guard reply.isSuccess else { throw Self.failure(reply, path: path) }
        return try AccessContext(json: try Self.unwrap(reply, path: path), path: path)
    }

    /// `POST /auth/device/approve`, SSH-signed: approves (or denies) the login waiting on
    /// `userCode` as the user this machine's key belongs to.
    public func approveDeviceLogin(userCode: String, approve: Bool = true) async throws -> DeviceApproval {
        let path = "/auth/device/approve"
        let body: JSONValue = ["user_code": .string(userCode), "decision": .string(approve ? "approve" : "deny")]
        let data = try await call(.POST, path, json: body, credential: .signed, versionHeader: false)
        return DeviceApproval(
            userCode: data["user_code"]?.stringValue ?? userCode, status: data["status"]?.stringValue ?? (approve ? "approved" : "denied"),
            clientName: data["client_name"]?.stringValue)
    }

    /// The machine-readable code of a failed answer: `error.code`, or OAuth's `error` string.
    static func errorCode(_ reply: Reply) -> String? {
        guard let json = try? JSONParser.parse(reply.body) else { return nil }
        return json["error"]?["code"]?.stringValue ?? json["error"]?.stringValue ?? json["code"]?.stringValue
    }
}
