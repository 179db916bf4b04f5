import Foundation
import GRDB
import LineageStore

/// Bearer tokens (`TokenDirectory`): stored by the SHA-256 of their secret.
extension SQLiteStore {
    public func addToken(_ token: AccessToken, secretHash: String) async throws {
        let now = self.now
        try await write { db in
            guard try db.cachedValue(Bool.self, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [token.userID]) == true else {
                throw LineageStoreError.notFound("no user with id \(token.userID)")
            }
            let live = try db.cachedValue(
                Bool.self,
                sql: """
                    SELECT 1 FROM access_tokens WHERE user_id = ? AND name = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
                    """,
                arguments: [token.userID, token.name, now])
            if live == true { throw LineageStoreError.conflict("the user already has a live token named \"\(token.name)\"; revoke it first") }
            try Self.insertToken(db, token, secretHash: secretHash)
        }
    }

    static func insertToken(_ db: Database, _ token: AccessToken, secretHash: String) throws {
        try db.execute(
            sql: """
                INSERT INTO access_tokens (id, user_id, name, secret_hash, created_at, expires_at, revoked_at, kind, grant_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                token.id, token.userID, token.name, secretHash, token.createdAt.timeIntervalSince1970, token.expiresAt?.timeIntervalSince1970,
                token.revokedAt?.timeIntervalSince1970, token.kind.rawValue, token.grantID,
            ])
    }

    public func rotateRefreshToken(secretHash: String, replacement: [(AccessToken, secretHash: String)]) async throws -> RefreshOutcome {
        let now = self.now
        return try await write { db in
            guard
                let row = try db.cachedRow(sql: "SELECT * FROM access_tokens WHERE secret_hash = ? AND kind = 'refresh'", arguments: [secretHash]),
                let userRow = try db.cachedRow(sql: "SELECT * FROM users WHERE id = ?", arguments: [row["user_id"] as String])
            else { return .refused }
            let token = Self.accessToken(row)
            let user = Self.user(userRow)
            if token.revokedAt != nil {
                // A refresh token comes back after it was exchanged (or its login ended): whoever
                // holds it may be a thief, so the login's tokens stop working.
                if let grant = token.grantID {
                    try db.execute(
                        sql: "UPDATE access_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL", arguments: [now, grant])
                }
                return .reused
            }
            guard token.isValid(at: Date(timeIntervalSince1970: now)), user.disabledAt == nil else { return .refused }
            try db.execute(
                sql: "UPDATE access_tokens SET revoked_at = ? WHERE (id = ? OR grant_id = ?) AND revoked_at IS NULL",
                arguments: [now, token.id, token.grantID])
            for (new, hash) in replacement { try Self.insertToken(db, new, secretHash: hash) }
            return .rotated(user)
        }
    }

    public func revokeGrant(_ grantID: String) async throws -> Int {
        let now = self.now
        return try await write { db in
            try db.execute(sql: "UPDATE access_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL", arguments: [now, grantID])
            return db.changesCount
        }
    }

    /// One statement: the token and its user joined (every Bearer request runs it).
    public func token(secretHash: String) async throws -> (User, AccessToken)? {
        try await readNow { db in
            guard
                let row = try db.cachedRow(
                    sql: """
                        SELECT t.*, u.name AS user_name, u.email AS user_email, u.created_at AS user_created_at, u.disabled_at AS user_disabled_at
                        FROM access_tokens t JOIN users u ON u.id = t.user_id WHERE t.secret_hash = ?
                        """,
                    arguments: [secretHash])
            else { return nil }
            let user = User(
                id: row["user_id"], name: row["user_name"], email: row["user_email"], createdAt: Self.date(row["user_created_at"]),
                disabledAt: (row["user_disabled_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            return (user, Self.accessToken(row))
        }
    }

    public func tokens(ofUser userID: String) async throws -> [AccessToken] {
        try await read { db in
            try db.cachedRows(sql: "SELECT * FROM access_tokens WHERE user_id = ? ORDER BY created_at DESC, id", arguments: [userID])
                .map(Self.accessToken)
        }
    }

    public func revokeTokens(named name: String, ofUser userID: String) async throws -> Int {
        let now = self.now
        return try await write { db in
            try db.execute(
                sql: "UPDATE access_tokens SET revoked_at = ? WHERE user_id = ? AND name = ? AND revoked_at IS NULL", arguments: [now, userID, name])
            return db.changesCount
        }
    }

    static func accessToken(_ row: Row) -> AccessToken {
        AccessToken(
            id: row["id"], userID: row["user_id"], name: row["name"], createdAt: date(row["created_at"]),
            expiresAt: (row["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            kind: AccessToken.Kind(rawValue: row["kind"]) ?? .api, grantID: row["grant_id"])
    }
}
