import Foundation
import LineageModel

/// The answer to `POST /auth/device/start` (RFC 8628 §3.2): the code the user approves, where,
/// and how long and how often to poll for the token.
public struct DeviceAuthorization: Sendable, Equatable {
    /// The secret this client polls with.
    public var deviceCode: String
    /// What the user approves (`11D7-B127`).
    public var userCode: String
    /// The page where a signed-in user enters the code.
    public var verificationURI: String
    /// The same page with the code filled in, when the registry gives one.
    public var verificationURIComplete: String?
    /// Seconds the code stays valid.
    public var expiresIn: Int
    /// Seconds between polls.
    public var interval: Int

    public init(
        deviceCode: String, userCode: String, verificationURI: String, verificationURIComplete: String? = nil, expiresIn: Int = 600,
        interval: Int = 5
    ) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        self.verificationURIComplete = verificationURIComplete
        self.expiresIn = expiresIn
        self.interval = interval
    }

    /// Reads the start answer; `device_code`, `user_code` and `verification_uri` are required,
    /// `expires_in` defaults to 600 s and `interval` to 5 s, as roar-cli reads them.
    public init(json data: JSONValue, path: String) throws {
        func required(_ key: String) throws -> String {
            guard let value = data[key]?.stringValue, !value.isEmpty else {
                throw RegistryClientError.invalidResponse(path: path, reason: "no \(key)")
            }
            return value
        }
        self.init(
            deviceCode: try required("device_code"), userCode: try required("user_code"), verificationURI: try required("verification_uri"),
            verificationURIComplete: data["verification_uri_complete"]?.stringValue,
            expiresIn: data["expires_in"]?.int64Value.map { Int(clamping: $0) } ?? 600,
            interval: data["interval"]?.int64Value.map { Int(clamping: $0) } ?? 5)
    }
}

/// One poll of `POST /auth/device/token`.
public enum DevicePoll: Sendable, Equatable {
    /// `authorization_pending`: the user has not decided yet.
    case pending
    /// `slow_down`: poll 5 s less often from now on.
    case slowDown
    /// The user approved: the tokens.
    case issued(IssuedToken)
}

/// Why a device login ended without a token.
public enum DeviceLoginError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `expired_token`, or `expires_in` passed while polling.
    case expired
    /// `access_denied`: the user refused it.
    case denied

    public var description: String {
        switch self {
        case .expired: "the login code expired before it was approved; run `roar login` again"
        case .denied: "the login was denied"
        }
    }
}

/// What `POST /auth/device/approve` answered.
public struct DeviceApproval: Sendable, Equatable {
    public var userCode: String
    /// `approved` or `denied`.
    public var status: String
    /// The name the waiting client gave (`roar`, `roar-cli`).
    public var clientName: String?
}
