import Foundation
import LineageModel

/// The tokens the registry issues at the end of a device login and at each refresh (§2.3):
/// an access token for `Authorization: Bearer`, and a refresh token that rotates on use.
public struct IssuedToken: Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String?
    /// When the access token stops working (`expires_in` from the answer's arrival, or `expires_at`).
    public var expiresAt: Date?
    /// When the refresh token stops working.
    public var refreshExpiresAt: Date?
    /// Who the token belongs to and where they may publish, when the answer includes it.
    public var accessContext: AccessContext?

    public init(
        accessToken: String, refreshToken: String? = nil, expiresAt: Date? = nil, refreshExpiresAt: Date? = nil,
        accessContext: AccessContext? = nil
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.refreshExpiresAt = refreshExpiresAt
        self.accessContext = accessContext
    }

    /// Reads a token answer received at `now`: `access_token` (or `token`) is required.
    public init(json data: JSONValue, receivedAt now: Date = Date(), path: String) throws {
        guard let access = data["access_token"]?.stringValue ?? data["token"]?.stringValue, !access.isEmpty else {
            throw RegistryClientError.invalidResponse(path: path, reason: "no access_token")
        }
        var expiresAt = data["expires_at"]?.stringValue.flatMap(Self.date)
        if let seconds = data["expires_in"]?.doubleValue, seconds.isFinite { expiresAt = now.addingTimeInterval(seconds) }
        let context = data["access_context"].flatMap { $0.isNull ? nil : try? AccessContext(json: $0, path: path) }
        self.init(
            accessToken: access, refreshToken: data["refresh_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, expiresAt: expiresAt,
            refreshExpiresAt: data["refresh_expires_at"]?.stringValue.flatMap(Self.date), accessContext: context)
    }

    /// An ISO 8601 time, with or without fractional seconds.
    public static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
