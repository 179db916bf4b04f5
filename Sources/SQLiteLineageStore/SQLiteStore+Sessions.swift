import Foundation
import GRDB
import LineageModel
import LineageStore

/// Registration session rows: created, read (with the binding the staging implies), checked
/// open, closed with their receipt, purged a day after they expire. The rules are
/// `RegistrationSessionRules` and `SessionBinding`.
extension SQLiteStore {
    public func createRegistrationSession(_ session: RegistrationSession) async throws -> RegistrationSession {
        let cutoff = RegistrationSessionRules.purgeCutoff(at: clock.now).timeIntervalSince1970
        return try await write { db in
            try Self.purgeSessions(db, expiredBefore: cutoff)
            if let clientSessionID = session.clientSessionID,
                let existing = try Self.session(db, where: "client_session_id", equals: clientSessionID)
            {
                return try RegistrationSessionRules.reuse(existing, for: session)
            }
            try db.execute(
                sql: """
                    INSERT INTO registration_sessions
                        (id, mode, token_hash, owner_user_id, creator_identity, client_session_id, status, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.id, session.mode.rawValue, session.tokenHash, session.ownerUserID, session.creatorIdentity,
                    session.clientSessionID, session.status.rawValue, session.createdAt.timeIntervalSince1970,
                    session.expiresAt.timeIntervalSince1970,
                ])
            return session
        }
    }

    public func registrationSession(id: String) async throws -> RegistrationSession? {
        try await read { db in
            guard var session = try Self.session(db, where: "id", equals: id) else { return nil }
            if session.status == .open { session.boundLineageHash = try Self.binding(db, sessionID: id) }
            return session
        }
    }

    /// The session whose `column` equals `value`, as stored.
    static func session(_ db: Database, where column: String, equals value: String) throws -> RegistrationSession? {
        guard let row = try db.cachedRow(sql: "SELECT * FROM registration_sessions WHERE \(column) = ?", arguments: [value]) else { return nil }
        let receiptText: String? = row["receipt"]
        return RegistrationSession(
            id: row["id"], mode: RegistrationSession.Mode(rawValue: row["mode"]) ?? .authenticated, tokenHash: row["token_hash"],
            ownerUserID: row["owner_user_id"], creatorIdentity: row["creator_identity"], clientSessionID: row["client_session_id"],
            status: RegistrationSession.Status(rawValue: row["status"]) ?? .closed, createdAt: date(row["created_at"]),
            expiresAt: date(row["expires_at"]), boundLineageHash: row["bound_lineage_hash"],
            receipt: try receiptText.map { try StoredJSON.decode(FinalizeReceipt.self, from: $0) })
    }

    /// The session to stage into (open, not expired).
    func openSession(_ db: Database, id: String) throws -> RegistrationSession {
        try RegistrationSessionRules.requireOpen(try Self.session(db, where: "id", equals: id), id: id, at: clock.now)
    }

    /// The lineage an open session is bound to, from its staging rows (`SessionBinding`).
    static func binding(_ db: Database, sessionID: String) throws -> String? {
        let hasLinks = try db.cachedValue(Bool.self, sql: "SELECT 1 FROM staged_links WHERE session_id = ? LIMIT 1", arguments: [sessionID]) ?? false
        if hasLinks { return SessionBinding.boundLineage(alreadyRegistered: [], hasLinks: true) }
        let registered = try String?.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT already_registered FROM staged_jobs WHERE session_id = ? LIMIT 2"), arguments: [sessionID])
        return SessionBinding.boundLineage(alreadyRegistered: registered, hasLinks: false)
    }

    /// Closes an open session with its receipt and drops its staging; a session closed in the
    /// meantime is a concurrent finalize.
    static func close(_ db: Database, sessionID: String, receipt: FinalizeReceipt) throws {
        try db.execute(
            sql: "UPDATE registration_sessions SET status = 'closed', receipt = ?, bound_lineage_hash = ? WHERE id = ? AND status = 'open'",
            arguments: [try StoredJSON.encode(receipt), receipt.lineageHash, sessionID])
        guard db.changesCount == 1 else { throw RegistrationSessionRules.closedConcurrently(sessionID) }
        try deleteStaging(db, sessionIDs: [sessionID])
    }

    /// Drops open sessions that expired before `cutoff` (a batch at a time), with their staging.
    static func purgeSessions(_ db: Database, expiredBefore cutoff: Double) throws {
        let stale = try db.cachedValues(
            String.self, sql: "SELECT id FROM registration_sessions WHERE status = 'open' AND expires_at < ? LIMIT ?",
            arguments: [cutoff, RegistrationSessionRules.purgeBatch])
        guard !stale.isEmpty else { return }
        try deleteStaging(db, sessionIDs: stale)
        try db.execute(
            sql: "DELETE FROM registration_sessions WHERE id IN (SELECT value FROM json_each(?))", arguments: [Self.jsonList(stale)])
    }

    static func deleteStaging(_ db: Database, sessionIDs: [String]) throws {
        let ids = jsonList(sessionIDs)
        for table in RegistrySchema.stagingTables {
            try db.execute(sql: "DELETE FROM \(table) WHERE session_id IN (SELECT value FROM json_each(?))", arguments: [ids])
        }
    }

    /// Texts as one JSON array argument, for `IN (SELECT value FROM json_each(?))`.
    static func jsonList(_ texts: [String]) -> String {
        CanonicalJSON.string(.array(texts.map(JSONValue.string)))
    }
}
