import Foundation
import GRDB
import LineageStore

/// Device logins in progress (`DeviceAuthorizationStore`).
extension SQLiteStore {
    public func addDeviceAuthorization(_ authorization: DeviceAuthorization) async throws {
        let now = self.now
        try await write { db in
            // Codes a day past their expiry are of no use to anyone: dropped as new ones come.
            try db.execute(sql: "DELETE FROM device_authorizations WHERE expires_at < ?", arguments: [now - 86_400])
            if try db.cachedValue(Bool.self, sql: "SELECT 1 FROM device_authorizations WHERE user_code = ?", arguments: [authorization.userCode])
                == true
            {
                throw LineageStoreError.conflict("user code in use")
            }
            try db.execute(
                sql: """
                    INSERT INTO device_authorizations
                        (device_code_hash, user_code, client_id, client_name, created_at, expires_at, poll_interval, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
                    """,
                arguments: [
                    authorization.deviceCodeHash, authorization.userCode, authorization.clientID, authorization.clientName,
                    authorization.createdAt.timeIntervalSince1970, authorization.expiresAt.timeIntervalSince1970, authorization.interval,
                ])
        }
    }

    public func deviceAuthorization(userCode: String) async throws -> DeviceAuthorization? {
        try await read { db in
            try db.cachedRow(sql: "SELECT * FROM device_authorizations WHERE user_code = ?", arguments: [userCode]).map(Self.deviceAuthorization)
        }
    }

    public func decideDeviceAuthorization(userCode: String, approve: Bool, userID: String) async throws -> DeviceAuthorization? {
        let now = self.now
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE device_authorizations SET status = ?, user_id = ?, decided_at = ?
                    WHERE user_code = ? AND status = 'pending' AND expires_at > ?
                    """,
                arguments: [approve ? "approved" : "denied", userID, now, userCode, now])
            guard db.changesCount == 1 else { return nil }
            return try db.cachedRow(sql: "SELECT * FROM device_authorizations WHERE user_code = ?", arguments: [userCode])
                .map(Self.deviceAuthorization)
        }
    }

    public func pollDeviceAuthorization(deviceCodeHash: String) async throws -> DeviceAuthorization? {
        let now = self.now
        return try await write { db in
            guard
                let before = try db.cachedRow(sql: "SELECT * FROM device_authorizations WHERE device_code_hash = ?", arguments: [deviceCodeHash])
                    .map(Self.deviceAuthorization)
            else { return nil }
            try db.execute(
                sql: "UPDATE device_authorizations SET last_polled_at = ? WHERE device_code_hash = ?", arguments: [now, deviceCodeHash])
            return before
        }
    }

    public func redeemDeviceAuthorization(deviceCodeHash: String, tokens: [(AccessToken, secretHash: String)]) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE device_authorizations SET status = 'redeemed' WHERE device_code_hash = ? AND status = 'approved'",
                arguments: [deviceCodeHash])
            guard db.changesCount == 1 else { return false }
            for (token, hash) in tokens { try Self.insertToken(db, token, secretHash: hash) }
            return true
        }
    }

    static func deviceAuthorization(_ row: Row) -> DeviceAuthorization {
        DeviceAuthorization(
            deviceCodeHash: row["device_code_hash"], userCode: row["user_code"], clientID: row["client_id"], clientName: row["client_name"],
            createdAt: date(row["created_at"]), expiresAt: date(row["expires_at"]), interval: row["poll_interval"],
            lastPolledAt: (row["last_polled_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            status: DeviceAuthorization.Status(rawValue: row["status"]) ?? .denied, userID: row["user_id"],
            decidedAt: (row["decided_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
