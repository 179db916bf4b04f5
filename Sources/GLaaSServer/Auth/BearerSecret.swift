import Crypto
import Foundation
import LineageModel
import LineageStore

/// The secret of a Bearer token: `glaas_` (operator-issued; `glaas_at_` and `glaas_rt_` for a
/// login's access and refresh tokens) and 32 random bytes in hex, shown once when issued; the
/// registry keeps only its SHA-256.
public enum BearerSecret {
    /// A new secret and the hash the store keeps.
    public static func issue(prefix: String = "glaas_") -> (secret: String, hash: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = prefix + HexString.encode(bytes)
        return (secret, hash(secret))
    }

    /// The SHA-256 (hex) of a presented secret, to look it up by.
    public static func hash(_ secret: String) -> String {
        HexString.encode(SHA256.hash(data: Array(secret.utf8)))
    }

    /// Issues a token named `name` for `user`, valid for `days` (nil: until revoked): the
    /// secret to hand over once, and the token as stored.
    public static func issue(
        for user: User, name: String, days: Int?, in store: any TokenDirectory, now: Date = Date()
    ) async throws -> (secret: String, token: AccessToken) {
        let (secret, hash) = issue()
        let token = AccessToken(
            id: UUID().uuidString.lowercased(), userID: user.id, name: name, createdAt: now,
            expiresAt: days.map { now.addingTimeInterval(Double($0) * 86_400) })
        try await store.addToken(token, secretHash: hash)
        return (secret, token)
    }
}
