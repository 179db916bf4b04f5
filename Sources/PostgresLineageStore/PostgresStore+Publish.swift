import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    public func publish(_ publication: LineagePublication, closing sessionID: String?) async throws -> PublishResult {
        let plan = try PublicationPlan(publication)
        return try await write { connection in
            if let sessionID, let receipt = try await self.closedReceipt(connection, sessionID: sessionID) {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            let now = Self.now
            let lineage = publication.lineage
            let inserted = try await connection.query(
                """
                INSERT INTO lineages (hash, creator_identity, git_repo, git_commit, git_branch, job_count, created_at)
                VALUES (\(publication.hash), \(lineage.creatorIdentity), \(lineage.git.repo), \(lineage.git.commit), \(lineage.git.branch),
                        \(lineage.jobs.count), \(now))
                ON CONFLICT (hash) DO NOTHING RETURNING id
                """,
                logger: self.logger
            ).collect()
            let created = !inserted.isEmpty
            let lineageID: Int64
            if let row = inserted.first {
                lineageID = try row.decode(Int64.self)
                try await self.insertContent(connection, plan: plan, lineageID: lineageID, now: now)
            } else {
                lineageID = try await connection.query("SELECT id FROM lineages WHERE hash = \(publication.hash)", logger: self.logger)
                    .collect().first!.decode(Int64.self)
                try await self.insertAliases(connection, jobs: lineage.jobs, lineageID: lineageID, lineageHash: publication.hash)
            }
            try await self.recordPublication(
                connection, lineageID: lineageID, visibility: publication.visibility, ownerUserID: publication.ownerUserID, sessionID: sessionID, now: now)
            let counts = publication.edgeCounts
            let receipt = FinalizeReceipt(
                lineageHash: publication.hash, created: created, visibility: publication.visibility,
                jobs: counts.jobs, inputs: counts.inputs, outputs: counts.outputs)
            if let sessionID { try await self.close(connection, sessionID: sessionID, receipt: receipt) }
            return PublishResult(receipt: receipt, closedByThisCall: true)
        }
    }

    public func bind(sessionID: String, toLineage hash: String, visibility: Visibility, ownerUserID: String?) async throws -> PublishResult {
        try await write { connection in
            if let receipt = try await self.closedReceipt(connection, sessionID: sessionID) {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            guard let lineageID = try await connection.query("SELECT id FROM lineages WHERE hash = \(hash)", logger: self.logger)
                .collect().first.map({ try $0.decode(Int64.self) })
            else { throw LineageStoreError.notFound("lineage \(hash) not found") }
            try await self.recordPublication(connection, lineageID: lineageID, visibility: visibility, ownerUserID: ownerUserID, sessionID: sessionID, now: Self.now)
            let (jobs, inputs, outputs) = try await connection.query(
                """
                SELECT (SELECT count(*) FROM jobs WHERE lineage_id = \(lineageID)),
                       (SELECT count(*) FROM job_inputs i JOIN jobs j ON j.id = i.job_id WHERE j.lineage_id = \(lineageID)),
                       (SELECT count(*) FROM job_outputs o JOIN jobs j ON j.id = o.job_id WHERE j.lineage_id = \(lineageID))
                """,
                logger: self.logger
            ).collect().first!.decode((Int64, Int64, Int64).self)
            let receipt = FinalizeReceipt(lineageHash: hash, created: false, visibility: visibility, jobs: Int(jobs), inputs: Int(inputs), outputs: Int(outputs))
            try await self.close(connection, sessionID: sessionID, receipt: receipt)
            return PublishResult(receipt: receipt, closedByThisCall: true)
        }
    }

    /// The receipt of a closed session, taking the session's row lock first so that two servers
    /// finalizing it at once take turns; nil when it is open.
    func closedReceipt(_ connection: PostgresConnection, sessionID: String) async throws -> FinalizeReceipt? {
        guard let session = try await session(connection, where: "id", equals: sessionID, lock: true) else {
            throw LineageStoreError.notFound("registration session \(sessionID) not found")
        }
        if session.status == .closed, let receipt = session.receipt { return receipt }
        guard session.expiresAt.timeIntervalSince1970 > Self.now else {
            throw LineageStoreError.conflict("registration session \(sessionID) has expired")
        }
        return nil
    }

    func close(_ connection: PostgresConnection, sessionID: String, receipt: FinalizeReceipt) async throws {
        let closed = try await connection.query(
            """
            UPDATE registration_sessions SET status = 'closed', receipt = \(try StoredJSON.encode(receipt)), bound_lineage_hash = \(receipt.lineageHash)
            WHERE id = \(sessionID) AND status = 'open' RETURNING 1
            """,
            logger: logger
        ).collect()
        guard !closed.isEmpty else { throw LineageStoreError.conflict("registration session \(sessionID) was finalized concurrently") }
        try await deleteStaging(connection, sessionID: sessionID)
    }

    func recordPublication(
        _ connection: PostgresConnection, lineageID: Int64, visibility: Visibility, ownerUserID: String?, sessionID: String?, now: Double
    ) async throws {
        try await connection.query(
            """
            INSERT INTO publications (lineage_id, visibility, owner_user_id, registration_session_id, created_at)
            SELECT \(lineageID), \(visibility.rawValue), \(ownerUserID), \(sessionID), \(now)
            WHERE NOT EXISTS (SELECT 1 FROM publications WHERE lineage_id = \(lineageID) AND visibility = \(visibility.rawValue)
                              AND owner_user_id IS NOT DISTINCT FROM \(ownerUserID))
            """,
            logger: logger)
    }

    /// Pairs a second publication's jobs with the stored ones and records differing uids as aliases.
    func insertAliases(_ connection: PostgresConnection, jobs: [Job], lineageID: Int64, lineageHash: String) async throws {
        let stored = try await publishedJobs(connection, lineageID: lineageID, lineageHash: lineageHash)
        guard stored.count == jobs.count else { return }
        var uids: [String] = []
        var ids: [Int64] = []
        for (storedIndex, newIndex) in zip(LineageHasher.canonicalJobOrder(stored.map(\.job)), LineageHasher.canonicalJobOrder(jobs))
        where stored[storedIndex].job.jobUID != jobs[newIndex].jobUID {
            uids.append(jobs[newIndex].jobUID)
            ids.append(stored[storedIndex].id)
        }
        guard !uids.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO job_aliases (lineage_id, job_uid, job_id)
            SELECT \(lineageID), u, j FROM unnest(\(uids)::text[], \(ids)::bigint[]) AS t(u, j) ON CONFLICT DO NOTHING
            """,
            logger: logger)
    }
}
