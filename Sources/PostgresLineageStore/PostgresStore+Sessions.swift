import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    static let sessionColumns = """
        id, mode, token_hash, owner_user_id, creator_identity, client_session_id, status, created_at, expires_at, bound_lineage_hash, receipt
        """

    /// The session whose `column` equals `value`; `lock` takes its row lock for the transaction.
    func session(_ connection: PostgresConnection, where column: String, equals value: String, lock: Bool) async throws -> RegistrationSession? {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.sessionColumns) FROM registration_sessions WHERE \(column) = $1\(lock ? " FOR UPDATE" : "")")
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

    /// The session, locked for this transaction; it must exist, be open and not have expired.
    func openSession(_ connection: PostgresConnection, id: String) async throws -> RegistrationSession {
        guard let session = try await session(connection, where: "id", equals: id, lock: true) else {
            throw LineageStoreError.notFound("registration session \(id) not found")
        }
        guard session.status == .open else { throw LineageStoreError.conflict("registration session \(id) is already finalized") }
        guard session.expiresAt.timeIntervalSince1970 > Self.now else { throw LineageStoreError.conflict("registration session \(id) has expired") }
        return session
    }

    func requireStagedJob(_ connection: PostgresConnection, jobUID: String, sessionID: String) async throws {
        guard try await !connection.query("SELECT 1 FROM staged_jobs WHERE session_id = \(sessionID) AND job_uid = \(jobUID)", logger: logger)
            .collect().isEmpty
        else { throw LineageStoreError.notFound("job \(jobUID) is not staged in registration session \(sessionID)") }
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

    /// Bound when every staged job already belongs to one lineage and no link was staged.
    func updateBinding(_ connection: PostgresConnection, sessionID: String) async throws {
        try await connection.query(
            """
            UPDATE registration_sessions SET bound_lineage_hash = (
                SELECT CASE WHEN count(*) > 0 AND count(*) = count(already_registered)
                                 AND count(DISTINCT already_registered) = 1 AND bool_and(position(',' IN already_registered) = 0)
                                 AND NOT EXISTS (SELECT 1 FROM staged_links WHERE session_id = \(sessionID))
                            THEN min(already_registered) END
                FROM staged_jobs WHERE session_id = \(sessionID))
            WHERE id = \(sessionID)
            """,
            logger: logger)
    }

    func purgeSessions(_ connection: PostgresConnection, expiredBefore limit: Double) async throws {
        let stale = try await connection.query(
            "SELECT id FROM registration_sessions WHERE status = 'open' AND expires_at < \(limit) LIMIT 100 FOR UPDATE SKIP LOCKED", logger: logger
        ).collect().map { try $0.decode(String.self) }
        guard !stale.isEmpty else { return }
        for table in ["staged_jobs", "staged_artifacts", "staged_composites", "staged_links", "staged_view_edges"] {
            var query = PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE session_id = ANY($1)")
            try query.binds.append(stale)
            try await connection.query(query, logger: logger)
        }
        try await connection.query("DELETE FROM registration_sessions WHERE id = ANY(\(stale))", logger: logger)
    }

    func deleteStaging(_ connection: PostgresConnection, sessionID: String) async throws {
        for table in ["staged_jobs", "staged_artifacts", "staged_composites", "staged_links", "staged_view_edges"] {
            var query = PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE session_id = $1")
            try query.binds.append(sessionID)
            try await connection.query(query, logger: logger)
        }
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
