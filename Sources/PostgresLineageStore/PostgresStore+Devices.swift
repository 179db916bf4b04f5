import Foundation
import LineageStore
import PostgresNIO

/// Device logins in progress (`DeviceAuthorizationStore`).
extension PostgresStore {
    static let deviceColumns =
        "device_code_hash, user_code, client_id, client_name, created_at, expires_at, poll_interval, last_polled_at, status, user_id, decided_at"

    public func addDeviceAuthorization(_ authorization: DeviceAuthorization) async throws {
        let now = self.now
        try await write { connection in
            // Codes a day past their expiry are of no use to anyone: dropped as new ones come.
            try await connection.query("DELETE FROM device_authorizations WHERE expires_at < \(now - 86_400)", logger: self.logger)
            let inserted = try await connection.query(
                """
                INSERT INTO device_authorizations (device_code_hash, user_code, client_id, client_name, created_at, expires_at, poll_interval, status)
                VALUES (\(authorization.deviceCodeHash), \(authorization.userCode), \(authorization.clientID), \(authorization.clientName),
                        \(authorization.createdAt.timeIntervalSince1970), \(authorization.expiresAt.timeIntervalSince1970), \(authorization.interval),
                        'pending')
                ON CONFLICT DO NOTHING RETURNING 1
                """,
                logger: self.logger
            ).collect()
            guard !inserted.isEmpty else { throw LineageStoreError.conflict("user code in use") }
        }
    }

    public func deviceAuthorization(userCode: String) async throws -> DeviceAuthorization? {
        try await read { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.deviceColumns) FROM device_authorizations WHERE user_code = \(userCode)", logger: self.logger
            ).collect().first.map(Self.deviceAuthorization)
        }
    }

    public func decideDeviceAuthorization(userCode: String, approve: Bool, userID: String) async throws -> DeviceAuthorization? {
        let now = self.now
        return try await write { connection in
            try await connection.query(
                """
                UPDATE device_authorizations SET status = \(approve ? "approved" : "denied"), user_id = \(userID), decided_at = \(now)
                WHERE user_code = \(userCode) AND status = 'pending' AND expires_at > \(now)
                RETURNING \(unescaped: Self.deviceColumns)
                """,
                logger: self.logger
            ).collect().first.map(Self.deviceAuthorization)
        }
    }

    public func pollDeviceAuthorization(deviceCodeHash: String) async throws -> DeviceAuthorization? {
        let now = self.now
        return try await write { connection in
            guard
                let before = try await connection.query(
                    "SELECT \(unescaped: Self.deviceColumns) FROM device_authorizations WHERE device_code_hash = \(deviceCodeHash) FOR UPDATE",
                    logger: self.logger
                ).collect().first.map(Self.deviceAuthorization)
            else { return nil }
            try await connection.query(
                "UPDATE device_authorizations SET last_polled_at = \(now) WHERE device_code_hash = \(deviceCodeHash)", logger: self.logger)
            return before
        }
    }

    public func redeemDeviceAuthorization(deviceCodeHash: String, tokens: [(AccessToken, secretHash: String)]) async throws -> Bool {
        try await write { connection in
            let redeemed = try await connection.query(
                """
                UPDATE device_authorizations SET status = 'redeemed' WHERE device_code_hash = \(deviceCodeHash) AND status = 'approved' RETURNING 1
                """,
                logger: self.logger
            ).collect()
            guard !redeemed.isEmpty else { return false }
            for (token, hash) in tokens { try await self.insertToken(connection, token, secretHash: hash) }
            return true
        }
    }

    static func deviceAuthorization(_ row: PostgresRow) throws -> DeviceAuthorization {
        let (hash, code, client, name, created, expires, interval, polled, status, user, decided) = try row.decode(
            (String, String, String, String, Double, Double, Int64, Double?, String, String?, Double?).self)
        return DeviceAuthorization(
            deviceCodeHash: hash, userCode: code, clientID: client, clientName: name, createdAt: Date(timeIntervalSince1970: created),
            expiresAt: Date(timeIntervalSince1970: expires), interval: Int(interval), lastPolledAt: polled.map(Date.init(timeIntervalSince1970:)),
            status: DeviceAuthorization.Status(rawValue: status) ?? .denied, userID: user,
            decidedAt: decided.map(Date.init(timeIntervalSince1970:)))
    }
}
