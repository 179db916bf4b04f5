import Foundation
import GLaaSClient

/// One registry's entry in `registries.json`: the tokens `roar login` obtained and whose they are.
public struct RegistryLogin: Codable, Sendable, Equatable {
    /// The user the tokens belong to.
    public struct User: Codable, Sendable, Equatable {
        public var id: String
        public var username: String
        public var email: String?

        public init(id: String, username: String, email: String? = nil) {
            self.id = id
            self.username = username
            self.email = email
        }
    }

    public var accessToken: String
    public var refreshToken: String?
    /// When the access token stops working (nil: the registry did not say).
    public var expiresAt: Date?
    /// When the refresh token stops working.
    public var refreshExpiresAt: Date?
    public var user: User?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case expiresAt = "expires_at"
        case refreshExpiresAt = "refresh_expires_at"
        case user
    }

    public init(accessToken: String, refreshToken: String? = nil, expiresAt: Date? = nil, refreshExpiresAt: Date? = nil, user: User? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.refreshExpiresAt = refreshExpiresAt
        self.user = user
    }

    /// The entry for tokens just issued (at login or a refresh), with the user from `context`.
    public init(_ token: IssuedToken, context: AccessContext?) {
        self.init(
            accessToken: token.accessToken, refreshToken: token.refreshToken, expiresAt: token.expiresAt, refreshExpiresAt: token.refreshExpiresAt,
            user: context.map { User(id: $0.user.id, username: $0.user.username, email: $0.user.email) })
    }

    /// Whether the access token still works at `now` (and `margin` seconds later).
    public func accessTokenValid(at now: Date, margin: TimeInterval = 0) -> Bool {
        guard let expiresAt else { return true }
        return expiresAt > now.addingTimeInterval(margin)
    }

    /// Whether the refresh token can still be used at `now`.
    public func canRefresh(at now: Date) -> Bool {
        guard let refreshToken, !refreshToken.isEmpty else { return false }
        guard let refreshExpiresAt else { return true }
        return refreshExpiresAt > now
    }

    /// "alice <alice@example.com>", or the user id, or "unknown user".
    public var who: String {
        guard let user else { return "unknown user" }
        return user.email.map { "\(user.username) <\($0)>" } ?? user.username
    }
}
