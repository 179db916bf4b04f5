import Foundation

/// Bearer tokens: issued to a user by name, found by the SHA-256 of their secret, revoked with
/// immediate effect. The secret itself is never stored.
public protocol TokenDirectory: Sendable {
    /// Stores a token under the SHA-256 (hex) of its secret; `conflict` when the user has a
    /// token of that name that is neither revoked nor expired, `notFound` for an unknown user.
    func addToken(_ token: AccessToken, secretHash: String) async throws
    /// The token whose secret hashes to `secretHash`, with its user, whatever its state.
    func token(secretHash: String) async throws -> (User, AccessToken)?
    /// A user's tokens, newest first.
    func tokens(ofUser userID: String) async throws -> [AccessToken]
    /// Revokes (at the store's time) the user's tokens of that name not yet revoked; how many.
    func revokeTokens(named name: String, ofUser userID: String) async throws -> Int
    /// Exchanges a refresh token: revokes it with the other tokens of its grant and stores
    /// `replacement` (the new pair), in one transaction. A refresh token that was already used
    /// revokes its whole grant (someone replayed it) and answers `.reused`.
    func rotateRefreshToken(secretHash: String, replacement: [(AccessToken, secretHash: String)]) async throws -> RefreshOutcome
    /// Revokes every token of a grant not yet revoked; how many.
    func revokeGrant(_ grantID: String) async throws -> Int
}

/// What exchanging a refresh token did.
public enum RefreshOutcome: Sendable, Hashable {
    /// The new pair is stored, for this user.
    case rotated(User)
    /// No live refresh token has that secret (unknown, expired, revoked, or of a disabled account).
    case refused
    /// The refresh token had been exchanged before: its whole grant is now revoked.
    case reused
}
