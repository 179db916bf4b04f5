import Foundation

/// A Bearer token of a user: what `glaas tokens create` issues for CI and what a device login
/// will issue. Only the SHA-256 of its secret is stored; it stops working when it expires, when
/// it is revoked, or while its user is disabled.
public struct AccessToken: Sendable, Hashable, Codable {
    public var id: String
    public var userID: String
    /// The name its user knows it by (`glaas tokens revoke USER NAME`).
    public var name: String
    public var createdAt: Date
    /// Nil: it does not expire.
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(id: String, userID: String, name: String, createdAt: Date, expiresAt: Date?, revokedAt: Date? = nil) {
        self.id = id
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
