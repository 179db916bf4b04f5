import Foundation
import LineageStore
import PostgresNIO

/// Bearer tokens (`TokenDirectory`): stored by the SHA-256 of their secret.
extension PostgresStore {
    static let tokenColumns = "id, user_id, name, created_at, expires_at, revoked_at, kind, grant_id"

    public func addToken(_ token: AccessToken, secretHash: String) async throws {
        let now = self.now
        try await write { connection in
            // One token name at a time per user: the user's row is locked while checking.
            guard try await !connection.query("SELECT 1 FROM users WHERE id = \(token.userID) FOR UPDATE", logger: self.logger).collect().isEmpty
            else {
                throw LineageStoreError.notFound("no user with id \(token.userID)")
            }
            let live = try await connection.query(
                """
                SELECT 1 FROM access_tokens WHERE user_id = \(token.userID) AND name = \(token.name) AND revoked_at IS NULL
                  AND (expires_at IS NULL OR expires_at > \(now))
                """,
                logger: self.logger
            ).collect()
            guard live.isEmpty else { throw LineageStoreError.conflict("the user already has a live token named \"\(token.name)\"; revoke it first") }
            try await self.insertToken(connection, token, secretHash: secretHash)
        }
    }

    func insertToken(_ connection: PostgresConnection, _ token: AccessToken, secretHash: String) async throws {
        try await connection.query(
            """
            INSERT INTO access_tokens (id, user_id, name, secret_hash, created_at, expires_at, revoked_at, kind, grant_id)
            VALUES (\(token.id), \(token.userID), \(token.name), \(secretHash), \(token.createdAt.timeIntervalSince1970),
                    \(token.expiresAt?.timeIntervalSince1970), \(token.revokedAt?.timeIntervalSince1970), \(token.kind.rawValue), \(token.grantID))
            """,
            logger: logger)
    }

    public func rotateRefreshToken(secretHash: String, replacement: [(AccessToken, secretHash: String)]) async throws -> RefreshOutcome {
        let now = self.now
        return try await write { connection in
            // The row is locked, so two exchanges of one refresh token cannot both succeed.
            guard
                let row = try await connection.query(
                    "SELECT \(unescaped: Self.tokenColumns) FROM access_tokens WHERE secret_hash = \(secretHash) AND kind = 'refresh' FOR UPDATE",
                    logger: self.logger
                ).collect().first
            else { return .refused }
            let token = try Self.accessToken(row)
            guard
                let user = try await connection.query(
                    "SELECT id, name, email, created_at, disabled_at FROM users WHERE id = \(token.userID)", logger: self.logger
                ).collect().first.map(Self.user)
            else { return .refused }
            if token.revokedAt != nil {
                // Used before (or its login ended): whoever holds it may be a thief.
                if let grant = token.grantID {
                    try await connection.query(
                        "UPDATE access_tokens SET revoked_at = \(now) WHERE grant_id = \(grant) AND revoked_at IS NULL", logger: self.logger)
                }
                return .reused
            }
            guard token.isValid(at: Date(timeIntervalSince1970: now)), user.disabledAt == nil else { return .refused }
            try await connection.query(
                "UPDATE access_tokens SET revoked_at = \(now) WHERE (id = \(token.id) OR grant_id = \(token.grantID)) AND revoked_at IS NULL",
                logger: self.logger)
            for (new, hash) in replacement { try await self.insertToken(connection, new, secretHash: hash) }
            return .rotated(user)
        }
    }

    public func revokeGrant(_ grantID: String) async throws -> Int {
        let now = self.now
        return try await write { connection in
            try await connection.query(
                "UPDATE access_tokens SET revoked_at = \(now) WHERE grant_id = \(grantID) AND revoked_at IS NULL RETURNING 1", logger: self.logger
            ).collect().count
        }
    }

    /// One round trip: the token and its user joined.
    public func token(secretHash: String) async throws -> (User, AccessToken)? {
        try await read { connection in
            guard
                let row = try await connection.query(
                    """
                    SELECT t.id, t.user_id, t.name, t.created_at, t.expires_at, t.revoked_at, t.kind, t.grant_id,
                           u.name, u.email, u.created_at, u.disabled_at
                    FROM access_tokens t JOIN users u ON u.id = t.user_id WHERE t.secret_hash = \(secretHash)
                    """, logger: self.logger
                ).collect().first
            else { return nil }
            let (id, userID, tokenName, tokenCreated, expires, revoked, kind, grant, name, email, created, disabled) = try row.decode(
                (String, String, String, Double, Double?, Double?, String, String?, String, String?, Double, Double?).self)
            let token = AccessToken(
                id: id, userID: userID, name: tokenName, createdAt: Date(timeIntervalSince1970: tokenCreated),
                expiresAt: expires.map(Date.init(timeIntervalSince1970:)), revokedAt: revoked.map(Date.init(timeIntervalSince1970:)),
                kind: AccessToken.Kind(rawValue: kind) ?? .api, grantID: grant)
            let user = User(
                id: userID, name: name, email: email, createdAt: Date(timeIntervalSince1970: created),
                disabledAt: disabled.map(Date.init(timeIntervalSince1970:)))
            return (user, token)
        }
    }

    public func tokens(ofUser userID: String) async throws -> [AccessToken] {
        try await read { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.tokenColumns) FROM access_tokens WHERE user_id = \(userID) ORDER BY created_at DESC, id",
                logger: self.logger
            ).collect().map(Self.accessToken)
        }
    }

    public func revokeTokens(named name: String, ofUser userID: String) async throws -> Int {
        let now = self.now
        return try await write { connection in
            try await connection.query(
                "UPDATE access_tokens SET revoked_at = \(now) WHERE user_id = \(userID) AND name = \(name) AND revoked_at IS NULL RETURNING 1",
                logger: self.logger
            ).collect().count
        }
    }

    static func accessToken(_ row: PostgresRow) throws -> AccessToken {
        let (id, userID, name, created, expires, revoked, kind, grant) = try row.decode(
            (String, String, String, Double, Double?, Double?, String, String?).self)
        return AccessToken(
            id: id, userID: userID, name: name, createdAt: Date(timeIntervalSince1970: created),
            expiresAt: expires.map(Date.init(timeIntervalSince1970:)), revokedAt: revoked.map(Date.init(timeIntervalSince1970:)),
            kind: AccessToken.Kind(rawValue: kind) ?? .api, grantID: grant)
    }
}
