import Foundation
import GRDB
import LineageModel
import LineageStore

extension SQLiteStore {
    public func addUser(id: String?, name: String, email: String?) async throws -> User {
        let user = User(id: id ?? UUID().uuidString.lowercased(), name: name, email: email, createdAt: clock.now)
        try await write { db in
            if try db.cachedValue(Bool.self, sql: "SELECT 1 FROM users WHERE name = ? OR id = ?", arguments: [name, user.id]) == true {
                throw LineageStoreError.conflict("a user named \"\(name)\" or with id \(user.id) already exists")
            }
            if try db.cachedValue(Bool.self, sql: "SELECT 1 FROM organizations WHERE slug = ?", arguments: [name]) == true {
                throw LineageStoreError.conflict("the name \"\(name)\" is taken by an organization")
            }
            try db.execute(
                sql: "INSERT INTO users (id, name, email, created_at) VALUES (?, ?, ?, ?)",
                arguments: [user.id, name, email, user.createdAt.timeIntervalSince1970])
        }
        return user
    }

    public func user(id: String) async throws -> User? {
        try await read { db in
            try db.cachedRow(sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user)
        }
    }

    public func users() async throws -> [User] {
        try await read { db in try db.cachedRows(sql: "SELECT * FROM users ORDER BY name").map(Self.user) }
    }

    public func user(named name: String) async throws -> User? {
        try await read { db in
            try db.cachedRow(sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(Self.user)
        }
    }

    public func addKey(_ key: UserKey) async throws {
        try await write { db in
            if let owner = try db.cachedValue(String.self, sql: "SELECT user_id FROM user_keys WHERE fingerprint = ?", arguments: [key.fingerprint]) {
                throw LineageStoreError.conflict(owner == key.userID ? "this key is already added" : "this key belongs to another user")
            }
            guard try db.cachedValue(Bool.self, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [key.userID]) == true else {
                throw LineageStoreError.notFound("no user with id \(key.userID)")
            }
            try db.execute(
                sql: "INSERT INTO user_keys (fingerprint, user_id, key_type, public_key, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [key.fingerprint, key.userID, key.keyType, key.publicKeyBase64, key.comment, key.createdAt.timeIntervalSince1970])
        }
    }

    public func keys(ofUser userID: String) async throws -> [UserKey] {
        try await read { db in
            try db.cachedRows(sql: "SELECT * FROM user_keys WHERE user_id = ? ORDER BY created_at", arguments: [userID]).map(Self.key)
        }
    }

    public func user(keyFingerprint: String) async throws -> (User, UserKey)? {
        try await read { db in
            guard let keyRow = try db.cachedRow(sql: "SELECT * FROM user_keys WHERE fingerprint = ?", arguments: [keyFingerprint]),
                let userRow = try db.cachedRow(sql: "SELECT * FROM users WHERE id = ?", arguments: [keyRow["user_id"] as String])
            else { return nil }
            return (Self.user(userRow), Self.key(keyRow))
        }
    }

    public func removeKey(fingerprint: String, ofUser userID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM user_keys WHERE fingerprint = ? AND user_id = ?", arguments: [fingerprint, userID])
            return db.changesCount == 1
        }
    }

    public func setDisabled(_ disabled: Bool, userID: String) async throws {
        let now = self.now
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE users SET disabled_at = CASE WHEN ? THEN coalesce(disabled_at, ?) END WHERE id = ?",
                arguments: [disabled, now, userID])
            guard db.changesCount == 1 else { throw LineageStoreError.notFound("no user with id \(userID)") }
        }
    }

    public func recordSignatureUse(_ signatureHash: String, expiresAt: Date) async throws -> Bool {
        let now = self.now
        return try await write { db in
            try db.execute(sql: "DELETE FROM used_signatures WHERE expires_at < ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO used_signatures (signature_hash, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                arguments: [signatureHash, expiresAt.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    static func user(_ row: Row) -> User {
        User(
            id: row["id"], name: row["name"], email: row["email"], createdAt: date(row["created_at"]),
            disabledAt: (row["disabled_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    static func key(_ row: Row) -> UserKey {
        UserKey(
            fingerprint: row["fingerprint"], userID: row["user_id"], keyType: row["key_type"],
            publicKeyBase64: row["public_key"], comment: row["comment"], createdAt: date(row["created_at"]))
    }
}
