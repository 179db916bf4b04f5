import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    public func addUser(id: String?, name: String, email: String?) async throws -> User {
        let user = User(id: id ?? UUID().uuidString.lowercased(), name: name, email: email, createdAt: clock.now)
        try await write { connection in
            let taken = try await connection.query("SELECT 1 FROM users WHERE name = \(name) OR id = \(user.id)", logger: self.logger).collect()
            guard taken.isEmpty else { throw LineageStoreError.conflict("a user named \"\(name)\" or with id \(user.id) already exists") }
            let organization = try await connection.query("SELECT 1 FROM organizations WHERE slug = \(name)", logger: self.logger).collect()
            guard organization.isEmpty else { throw LineageStoreError.conflict("the name \"\(name)\" is taken by an organization") }
            try await connection.query(
                "INSERT INTO users (id, name, email, created_at) VALUES (\(user.id), \(name), \(email), \(user.createdAt.timeIntervalSince1970))",
                logger: self.logger)
        }
        return user
    }

    public func user(id: String) async throws -> User? {
        try await read { connection in
            try await connection.query("SELECT id, name, email, created_at, disabled_at FROM users WHERE id = \(id)", logger: self.logger).collect()
                .first.map(
                    Self.user)
        }
    }

    public func users() async throws -> [User] {
        try await read { connection in
            try await connection.query("SELECT id, name, email, created_at, disabled_at FROM users ORDER BY name", logger: self.logger).collect().map(
                Self.user)
        }
    }

    public func user(named name: String) async throws -> User? {
        try await read { connection in
            try await connection.query("SELECT id, name, email, created_at, disabled_at FROM users WHERE name = \(name)", logger: self.logger)
                .collect().first.map(
                    Self.user)
        }
    }

    public func addKey(_ key: UserKey) async throws {
        try await write { connection in
            if let owner = try await connection.query("SELECT user_id FROM user_keys WHERE fingerprint = \(key.fingerprint)", logger: self.logger)
                .collect().first.map({ try $0.decode(String.self) })
            {
                throw LineageStoreError.conflict(owner == key.userID ? "this key is already added" : "this key belongs to another user")
            }
            guard try await !connection.query("SELECT 1 FROM users WHERE id = \(key.userID)", logger: self.logger).collect().isEmpty else {
                throw LineageStoreError.notFound("no user with id \(key.userID)")
            }
            try await connection.query(
                """
                INSERT INTO user_keys (fingerprint, user_id, key_type, public_key, comment, created_at)
                VALUES (\(key.fingerprint), \(key.userID), \(key.keyType), \(key.publicKeyBase64), \(key.comment), \(key.createdAt.timeIntervalSince1970))
                """,
                logger: self.logger)
        }
    }

    public func keys(ofUser userID: String) async throws -> [UserKey] {
        try await read { connection in
            try await connection.query(
                "SELECT fingerprint, user_id, key_type, public_key, comment, created_at FROM user_keys WHERE user_id = \(userID) ORDER BY created_at",
                logger: self.logger
            ).collect().map(Self.key)
        }
    }

    public func user(keyFingerprint: String) async throws -> (User, UserKey)? {
        try await read { connection in
            let rows = try await connection.query(
                """
                SELECT u.id, u.name, u.email, u.created_at, k.fingerprint, k.user_id, k.key_type, k.public_key, k.comment, k.created_at,
                    u.disabled_at
                FROM user_keys k JOIN users u ON u.id = k.user_id WHERE k.fingerprint = \(keyFingerprint)
                """,
                logger: self.logger
            ).collect()
            guard let row = rows.first else { return nil }
            let (id, name, email, created, fingerprint, userID, type, key, comment, keyCreated, disabled) =
                try row.decode((String, String, String?, Double, String, String, String, String, String?, Double, Double?).self)
            return (
                User(
                    id: id, name: name, email: email, createdAt: Date(timeIntervalSince1970: created),
                    disabledAt: disabled.map(Date.init(timeIntervalSince1970:))),
                UserKey(
                    fingerprint: fingerprint, userID: userID, keyType: type, publicKeyBase64: key, comment: comment,
                    createdAt: Date(timeIntervalSince1970: keyCreated))
            )
        }
    }

    public func removeKey(fingerprint: String, ofUser userID: String) async throws -> Bool {
        try await write { connection in
            !(try await connection.query(
                "DELETE FROM user_keys WHERE fingerprint = \(fingerprint) AND user_id = \(userID) RETURNING 1", logger: self.logger
            ).collect().isEmpty)
        }
    }

    public func setDisabled(_ disabled: Bool, userID: String) async throws {
        let now = self.now
        try await write { connection in
            let changed = try await connection.query(
                "UPDATE users SET disabled_at = CASE WHEN \(disabled) THEN coalesce(disabled_at, \(now)) END WHERE id = \(userID) RETURNING 1",
                logger: self.logger
            ).collect()
            guard !changed.isEmpty else { throw LineageStoreError.notFound("no user with id \(userID)") }
        }
    }

    public func recordSignatureUse(_ signatureHash: String, expiresAt: Date) async throws -> Bool {
        let now = self.now
        return try await write { connection in
            try await connection.query("DELETE FROM used_signatures WHERE expires_at < \(now)", logger: self.logger)
            let inserted = try await connection.query(
                "INSERT INTO used_signatures (signature_hash, expires_at) VALUES (\(signatureHash), \(expiresAt.timeIntervalSince1970)) ON CONFLICT DO NOTHING RETURNING 1",
                logger: self.logger
            ).collect()
            return !inserted.isEmpty
        }
    }

    static func user(_ row: PostgresRow) throws -> User {
        let (id, name, email, created, disabled) = try row.decode((String, String, String?, Double, Double?).self)
        return User(
            id: id, name: name, email: email, createdAt: Date(timeIntervalSince1970: created),
            disabledAt: disabled.map(Date.init(timeIntervalSince1970:)))
    }

    static func key(_ row: PostgresRow) throws -> UserKey {
        let (fingerprint, userID, type, key, comment, created) = try row.decode((String, String, String, String, String?, Double).self)
        return UserKey(
            fingerprint: fingerprint, userID: userID, keyType: type, publicKeyBase64: key, comment: comment,
            createdAt: Date(timeIntervalSince1970: created))
    }
}
