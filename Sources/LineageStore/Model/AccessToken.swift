import Foundation

/// A Bearer token of a user: what `glaas tokens create` issues for CI and what a device login
/// will issue. Only the SHA-256 of its secret is stored; it stops working when it expires, when
/// it is revoked, or while its user is disabled.
public struct AccessToken: Sendable, Hashable, Codable {
    /// What a token is for: each is accepted in one place only.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Issued by an operator (`glaas tokens create`): a Bearer token until revoked or expired.
        case api
        /// Issued by a device login: a short-lived Bearer token.
        case access
        /// Issued with an access token: exchanged once at `/auth/refresh` for a new pair, never a
        /// Bearer token itself.
        case refresh
        /// A browser's session cookie after a web sign-in; never a Bearer token.
        case web
    }

    public var id: String
    public var userID: String
    /// The name its user knows it by (`glaas tokens revoke USER NAME`).
    public var name: String
    public var createdAt: Date
    /// Nil: it does not expire.
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var kind: Kind
    /// The login a device or web token belongs to: its access and refresh tokens, rotated
    /// together and revoked together at logout or when a used refresh token comes back.
    public var grantID: String?

    public init(
        id: String, userID: String, name: String, createdAt: Date, expiresAt: Date?, revokedAt: Date? = nil, kind: Kind = .api,
        grantID: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.grantID = grantID
        self.userID = userID
        self.name = name
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the token authenticates at `date`.
    public func isValid(at date: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { date < $0 } ?? true)
    }
}
