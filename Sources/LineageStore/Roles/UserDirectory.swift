import Foundation

/// Accounts and the SSH keys that sign for them, and the signatures already used (the replay
/// check): what authentication and `glaas users` need.
public protocol UserDirectory: Sendable {
    /// Adds a user; `id` defaults to a new UUID (given when importing an account).
    func addUser(id: String?, name: String, email: String?) async throws -> User
    func user(id: String) async throws -> User?
    func users() async throws -> [User]
    func user(named name: String) async throws -> User?
    func addKey(_ key: UserKey) async throws
    func keys(ofUser userID: String) async throws -> [UserKey]
    /// The user a key fingerprint (`SHA256:…`) belongs to, with the key.
    func user(keyFingerprint: String) async throws -> (User, UserKey)?
    /// Removes a key, with immediate effect; false when no such key is the user's.
    func removeKey(fingerprint: String, ofUser userID: String) async throws -> Bool
    /// Disables (at the store's time) or re-enables an account, with immediate effect; a
    /// disabled account's keys sign nothing. Throws `notFound` for an unknown user.
    func setDisabled(_ disabled: Bool, userID: String) async throws
    /// Records a signature as used; false when it was already seen (a replay).
    func recordSignatureUse(_ signatureHash: String, expiresAt: Date) async throws -> Bool
}

extension UserDirectory {
    /// Adds a user under a new id.
    public func addUser(name: String, email: String?) async throws -> User {
        try await addUser(id: nil, name: name, email: email)
    }
}
