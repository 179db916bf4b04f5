import Foundation
import LineageModel
import LineageStore
import PostgresNIO

/// Registration session rows: read (and locked), checked open, bound, closed, purged; the rules
/// are `RegistrationSessionRules` and `SessionBinding`.
extension PostgresStore {
    static let sessionColumns = """
        id, mode, token_hash, owner_user_id, creator_identity, client_session_id, status, created_at, expires_at, bound_lineage_hash, receipt
        """

    /// The session whose `column` equals `value`; `lock` takes its row lock for the transaction.
    func session(_ connection: PostgresConnection, where column: String, equals value: String, lock: Bool) async throws -> RegistrationSession? {
        var query = PostgresQuery(
            unsafeSQL: "SELECT \(Self.sessionColumns) FROM registration_sessions WHERE \(column) = $1\(lock ? " FOR UPDATE" : "")")
        try query.binds.append(value)
        guard let row = try await connection.query(query, logger: logger).collect().first else { return nil }
        let (id, mode, token, owner, creator, client, status, created, expires, bound, receipt) =
            try row.decode((String, String, String?, String?, String, String?, String, Double, Double, String?, String?).self)
        return RegistrationSession(
            id: id, mode: RegistrationSession.Mode(rawValue: mode) ?? .authenticated, tokenHash: token, ownerUserID: owner,
            creatorIdentity: creator, clientSessionID: client, status: RegistrationSession.Status(rawValue: status) ?? .closed,
            createdAt: Date(timeIntervalSince1970: created), expiresAt: Date(timeIntervalSince1970: expires), boundLineageHash: bound,
            receipt: try receipt.map { try StoredJSON.decode(FinalizeReceipt.self, from: $0) })
    }

    /// The session to stage into, locked for this transaction (open, not expired).
    func openSession(_ connection: PostgresConnection, id: String) async throws -> RegistrationSession {
        try RegistrationSessionRules.requireOpen(try await session(connection, where: "id", equals: id, lock: true), id: id, at: clock.now)
    }

    func requireStagedJob(_ connection: PostgresConnection, jobUID: String, sessionID: String) async throws {
        guard
            try await !connection.query("SELECT 1 FROM staged_jobs WHERE session_id = \(sessionID) AND job_uid = \(jobUID)", logger: logger)
                .collect().isEmpty
        else { throw RegistrationSessionRules.jobNotStaged(jobUID, session: sessionID) }
    }

    /// Lineages by this creator that already contain each job uid (directly or as an alias).
    func publishedLineages(_ connection: PostgresConnection, jobUIDs: [String], creator: String) async throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        let rows = try await connection.query(
            """
            SELECT uid, hash FROM (
                SELECT j.job_uid AS uid, l.hash, l.id FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                WHERE j.job_uid = ANY(\(jobUIDs)) AND l.creator_identity = \(creator)
                UNION
                SELECT a.job_uid, l.hash, l.id FROM job_aliases a JOIN lineages l ON l.id = a.lineage_id
                WHERE a.job_uid = ANY(\(jobUIDs)) AND l.creator_identity = \(creator)
            ) found ORDER BY id
            """,
            logger: logger
        ).collect()
        for row in rows {
            let (uid, hash) = try row.decode((String, String).self)
            result[uid, default: []].append(hash)
        }
        return result
    }

    /// The lineage an open session is bound to, from its staging rows (`SessionBinding`).
    func binding(_ connection: PostgresConnection, sessionID: String) async throws -> String? {
        let hasLinks = try await !connection.query("SELECT 1 FROM staged_links WHERE session_id = \(sessionID) LIMIT 1", logger: logger)
            .collect().isEmpty
        if hasLinks { return SessionBinding.boundLineage(alreadyRegistered: [], hasLinks: true) }
        let registered = try await connection.query(
            "SELECT DISTINCT already_registered FROM staged_jobs WHERE session_id = \(sessionID) LIMIT 2", logger: logger
        ).collect().map { try $0.decode(String?.self) }
        return SessionBinding.boundLineage(alreadyRegistered: registered, hasLinks: false)
    }

    /// Drops open sessions that expired before `cutoff` (a batch at a time, skipping sessions
    /// another server holds), with their staging.
    func purgeSessions(_ connection: PostgresConnection, expiredBefore cutoff: Double) async throws {
        let stale = try await connection.query(
            """
            SELECT id FROM registration_sessions WHERE status = 'open' AND expires_at < \(cutoff)
            LIMIT \(RegistrationSessionRules.purgeBatch) FOR UPDATE SKIP LOCKED
            """,
            logger: logger
        ).collect().map { try $0.decode(String.self) }
        guard !stale.isEmpty else { return }
        try await deleteStaging(connection, sessionIDs: stale)
        try await connection.query("DELETE FROM registration_sessions WHERE id = ANY(\(stale))", logger: logger)
    }

    func deleteStaging(_ connection: PostgresConnection, sessionIDs: [String]) async throws {
        for table in RegistrySchema.stagingTables {
            var query = PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE session_id = ANY($1)")
            try query.binds.append(sessionIDs)
            try await connection.query(query, logger: logger)
        }
    }

    /// Closes an open session with its receipt and drops its staging; a session closed in the
    /// meantime is a concurrent finalize.
    func close(_ connection: PostgresConnection, sessionID: String, receipt: FinalizeReceipt) async throws {
        let closed = try await connection.query(
            """
            UPDATE registration_sessions SET status = 'closed', receipt = \(try StoredJSON.encode(receipt)), bound_lineage_hash = \(receipt.lineageHash)
            WHERE id = \(sessionID) AND status = 'open' RETURNING 1
            """,
            logger: logger
        ).collect()
        guard !closed.isEmpty else { throw RegistrationSessionRules.closedConcurrently(sessionID) }
        try await deleteStaging(connection, sessionIDs: [sessionID])
    }

    /// The receipt of a closed session, taking the session's row lock first so that two servers
    /// finalizing it at once take turns; nil when it is open (`RegistrationSessionRules`).
    func receiptIfClosed(_ connection: PostgresConnection, sessionID: String) async throws -> FinalizeReceipt? {
        try RegistrationSessionRules.receiptIfClosed(
            try await session(connection, where: "id", equals: sessionID, lock: true), id: sessionID, at: clock.now)
    }

    func stagedLineage(_ connection: PostgresConnection, sessionID: String) async throws -> StagedLineage {
        var inputs: [String: [ArtifactRef]] = [:]
        var outputs: [String: [ArtifactRef]] = [:]
        var linkCount = 0
        for row in try await connection.query(
            """
            SELECT job_uid, direction, hash, path, size, byte_ranges FROM staged_links WHERE session_id = \(sessionID)
            ORDER BY job_uid, direction, hash COLLATE "C"
            """,
            logger: logger
        ).collect() {
            let (uid, direction, hash, path, size, ranges) = try row.decode((String, String, String, String?, Int64?, String?).self)
            let ref = ArtifactRef(hash: hash, path: path, size: size, byteRanges: StoredJSON.decodeByteRanges(ranges))
            if direction == EdgeDirection.input.rawValue { inputs[uid, default: []].append(ref) } else { outputs[uid, default: []].append(ref) }
            linkCount += 1
        }
        let jobs = try await connection.query("SELECT job_uid, payload FROM staged_jobs WHERE session_id = \(sessionID) ORDER BY seq", logger: logger)
            .collect().map { row -> Job in
                let (uid, payload) = try row.decode((String, String).self)
                return try StoredJSON.decode(StoredJob.self, from: payload).job(inputs: inputs[uid] ?? [], outputs: outputs[uid] ?? [])
            }
        let artifacts = try await connection.query(
            "SELECT payload FROM staged_artifacts WHERE session_id = \(sessionID) ORDER BY hash COLLATE \"C\"", logger: logger
        ).collect().map { try StoredJSON.decode(StoredArtifact.self, from: try $0.decode(String.self)).artifact() }
        let composites = try await connection.query(
            "SELECT payload FROM staged_composites WHERE session_id = \(sessionID) ORDER BY hash COLLATE \"C\"", logger: logger
        ).collect().map { try StoredJSON.decode(StoredComposite.self, from: try $0.decode(String.self)).composite() }
        var viewEdges: [String: [ViewEdge]] = [:]
        for row in try await connection.query(
            "SELECT job_uid, payload FROM staged_view_edges WHERE session_id = \(sessionID) ORDER BY job_uid, relation, target_hash", logger: logger
        ).collect() {
            let (uid, payload) = try row.decode((String, String).self)
            viewEdges[uid, default: []].append(try StoredJSON.decode(ViewEdge.self, from: payload))
        }
        return StagedLineage(jobs: jobs, artifacts: artifacts, composites: composites, viewEdges: viewEdges, linkCount: linkCount)
    }
}
