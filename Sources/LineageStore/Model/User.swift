import Foundation

/// A registry account, known by the SSH keys an operator added for it.
public struct User: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var email: String?
    public var createdAt: Date
    /// When an operator disabled the account (`glaas users disable`): its keys sign nothing.
    public var disabledAt: Date?

    public init(id: String, name: String, email: String?, createdAt: Date, disabledAt: Date? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    /// The identity that enters the lineage hash for lineages this user publishes.
    public var creatorIdentity: String { "glaas:user:\(id)" }
}

/// An SSH public key allowed to sign requests for a user, found by its `SHA256:` fingerprint.
public struct UserKey: Sendable, Hashable, Codable {
    public var fingerprint: String
    public var userID: String
    public var keyType: String
    /// The `.pub` line's base64 key blob.
    public var publicKeyBase64: String
    public var comment: String?
    public var createdAt: Date

    public init(fingerprint: String, userID: String, keyType: String, publicKeyBase64: String, comment: String?, createdAt: Date) {
        self.fingerprint = fingerprint
        self.userID = userID
        self.keyType = keyType
        self.publicKeyBase64 = publicKeyBase64
        self.comment = comment
        self.createdAt = createdAt
    }
}
