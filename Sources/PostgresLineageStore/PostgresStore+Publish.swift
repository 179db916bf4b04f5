import Foundation
import LineageModel
import LineageStore
import PostgresNIO

/// Publishing: a staged or imported lineage written in one transaction, or a re-register bound
/// to the lineage it repeats.
extension PostgresStore {
    public func publish(_ publication: LineagePublication, closing sessionID: String?) async throws -> PublishResult {
        let plan = try PublicationPlan(publication)
        return try await write { connection in
            if let sessionID, let receipt = try await self.receiptIfClosed(connection, sessionID: sessionID) {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            let now = self.now
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
                connection, lineageID: lineageID, visibility: publication.visibility, ownerUserID: publication.ownerUserID,
                projectID: publication.projectID, sessionID: sessionID, now: now)
            let receipt = FinalizeReceipt(publication, created: created)
            if let sessionID { try await self.close(connection, sessionID: sessionID, receipt: receipt) }
            return PublishResult(receipt: receipt, closedByThisCall: true)
        }
    }

    public func bind(sessionID: String, toLineage hash: String, visibility: Visibility, ownerUserID: String?, projectID: String?) async throws
        -> PublishResult
    {
        try await write { connection in
            if let receipt = try await self.receiptIfClosed(connection, sessionID: sessionID) {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            guard
                let lineageID = try await connection.query("SELECT id FROM lineages WHERE hash = \(hash)", logger: self.logger)
                    .collect().first.map({ try $0.decode(Int64.self) })
            else { throw LineageStoreError.notFound("lineage \(hash) not found") }
            try await self.recordPublication(
                connection, lineageID: lineageID, visibility: visibility, ownerUserID: ownerUserID, projectID: projectID, sessionID: sessionID,
                now: self.now)
            let (jobs, inputs, outputs) = try await connection.query(
                """
                SELECT (SELECT count(*) FROM jobs WHERE lineage_id = \(lineageID)),
                       (SELECT count(*) FROM job_inputs i JOIN jobs j ON j.id = i.job_id WHERE j.lineage_id = \(lineageID)),
                       (SELECT count(*) FROM job_outputs o JOIN jobs j ON j.id = o.job_id WHERE j.lineage_id = \(lineageID))
                """,
                logger: self.logger
            ).collect().first!.decode((Int64, Int64, Int64).self)
            let receipt = FinalizeReceipt(
                lineageHash: hash, created: false, visibility: visibility, jobs: Int(jobs), inputs: Int(inputs), outputs: Int(outputs))
            try await self.close(connection, sessionID: sessionID, receipt: receipt)
            return PublishResult(receipt: receipt, closedByThisCall: true)
        }
    }

    /// Records a publication of the lineage unless it has one with this visibility, owner and
    /// project (`PublicationVisibility.isNew`).
    func recordPublication(
        _ connection: PostgresConnection, lineageID: Int64, visibility: Visibility, ownerUserID: String?, projectID: String?, sessionID: String?,
        now: Double
    ) async throws {
        let existing = try await publications(connection, lineageID: lineageID)
        guard PublicationVisibility.isNew(visibility, owner: ownerUserID, project: projectID, among: existing) else { return }
        try await connection.query(
            """
            INSERT INTO publications (lineage_id, visibility, owner_user_id, project_id, registration_session_id, created_at)
            VALUES (\(lineageID), \(visibility.rawValue), \(ownerUserID), \(projectID), \(sessionID), \(now))
            """,
            logger: logger)
    }

    /// A lineage's publications, in the order they were made.
    func publications(_ connection: PostgresConnection, lineageID: Int64) async throws -> [PublicationRecord] {
        try await connection.query(
            "SELECT visibility, owner_user_id, project_id, created_at FROM publications WHERE lineage_id = \(lineageID) ORDER BY id", logger: logger
        ).collect().map { row in
            let (visibility, owner, project, created) = try row.decode((String, String?, String?, Double).self)
            return PublicationRecord(
                visibility: Visibility(rawValue: visibility) ?? .private, ownerUserID: owner, projectID: project,
                createdAt: Date(timeIntervalSince1970: created))
        }
    }

    /// Records the uids of a second publication of a lineage as aliases (`JobAliasPairing`).
    func insertAliases(_ connection: PostgresConnection, jobs: [Job], lineageID: Int64, lineageHash: String) async throws {
        let aliases = JobAliasPairing.aliases(
            stored: try await publishedJobs(connection, lineageID: lineageID, lineageHash: lineageHash), publishing: jobs)
        guard !aliases.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO job_aliases (lineage_id, job_uid, job_id)
            SELECT \(lineageID), u, j FROM unnest(\(aliases.map(\.uid))::text[], \(aliases.map(\.jobID))::bigint[]) AS t(u, j) ON CONFLICT DO NOTHING
            """,
            logger: logger)
    }
}
