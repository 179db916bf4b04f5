import Foundation
import GRDB
import LineageModel
import LineageStore

/// Publishing: a staged or imported lineage written in one transaction, or a re-register bound
/// to the lineage it repeats.
extension SQLiteStore {
    public func publish(_ publication: LineagePublication, closing sessionID: String?) async throws -> PublishResult {
        let plan = try PublicationPlan(publication)
        let now = self.now
        return try await write { db in
            if let sessionID, let receipt = try self.receiptIfClosed(db, sessionID: sessionID) {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            let lineage = publication.lineage
            let inserted = try Self.insertLineage(db, hash: publication.hash, lineage: lineage, at: now)
            let created = inserted != nil
            guard
                let lineageID = try inserted
                    ?? db.cachedValue(Int64.self, sql: "SELECT id FROM lineages WHERE hash = ?", arguments: [publication.hash])
            else { throw LineageStoreError.notFound("lineage \(publication.hash) not found") }
            if created {
                try Self.insertContent(db, plan: plan, lineageID: lineageID, now: now)
            } else {
                try Self.insertAliases(db, jobs: lineage.jobs, lineageID: lineageID, lineageHash: publication.hash)
            }
            try Self.recordPublication(
                db, lineageID: lineageID, visibility: publication.visibility, ownerUserID: publication.ownerUserID, projectID: publication.projectID,
                sessionID: sessionID, now: now)
            let receipt = FinalizeReceipt(publication, created: created)
            if let sessionID { try Self.close(db, sessionID: sessionID, receipt: receipt) }
            return PublishResult(receipt: receipt, closedByThisCall: true)
        }
    }

    public func bind(sessionID: String, toLineage hash: String, visibility: Visibility, ownerUserID: String?, projectID: String?) async throws
        -> PublishResult
    {
        let now = self.now
        return try await write { db in
            if let receipt = try self.receiptIfClosed(db, sessionID: sessionID) {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            guard let lineageID = try db.cachedValue(Int64.self, sql: "SELECT id FROM lineages WHERE hash = ?", arguments: [hash]) else {
                throw LineageStoreError.notFound("lineage \(hash) not found")
            }
            try Self.recordPublication(
                db, lineageID: lineageID, visibility: visibility, ownerUserID: ownerUserID, projectID: projectID, sessionID: sessionID, now: now)
            let counts = try db.cachedRow(
                sql: """
                    SELECT (SELECT count(*) FROM jobs WHERE lineage_id = :id) AS jobs,
                           (SELECT count(*) FROM job_inputs i JOIN jobs j ON j.id = i.job_id WHERE j.lineage_id = :id) AS inputs,
                           (SELECT count(*) FROM job_outputs o JOIN jobs j ON j.id = o.job_id WHERE j.lineage_id = :id) AS outputs
                    """,
                arguments: ["id": lineageID])
            let receipt = FinalizeReceipt(
                lineageHash: hash, created: false, visibility: visibility, jobs: counts?["jobs"] ?? 0, inputs: counts?["inputs"] ?? 0,
                outputs: counts?["outputs"] ?? 0)
            try Self.close(db, sessionID: sessionID, receipt: receipt)
            return PublishResult(receipt: receipt, closedByThisCall: true)
        }
    }

    // MARK: Helpers

    /// Inserts a lineage's row unless its hash is stored: the new row's id, nil when it existed.
    static func insertLineage(_ db: Database, hash: String, lineage: Lineage, at createdAt: Double) throws -> Int64? {
        // Looked up, not inserted ON CONFLICT DO NOTHING: the insert guard trigger refuses any
        // insert that meets a stored key (SQLiteSchema.createInsertGuards).
        guard try db.cachedValue(Int64.self, sql: "SELECT id FROM lineages WHERE hash = ?", arguments: [hash]) == nil else { return nil }
        try db.cachedStatement(
            sql: """
                INSERT INTO lineages (hash, creator_identity, git_repo, git_commit, git_branch, job_count, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [hash, lineage.creatorIdentity, lineage.git.repo, lineage.git.commit, lineage.git.branch, lineage.jobs.count, createdAt])
        return db.lastInsertedRowID
    }

    /// The receipt of a session already closed; nil when it is open (`RegistrationSessionRules`).
    func receiptIfClosed(_ db: Database, sessionID: String) throws -> FinalizeReceipt? {
        try RegistrationSessionRules.receiptIfClosed(try Self.session(db, where: "id", equals: sessionID), id: sessionID, at: clock.now)
    }

    /// Records a publication of the lineage unless it has one with this visibility, owner and project.
    static func recordPublication(
        _ db: Database, lineageID: Int64, visibility: Visibility, ownerUserID: String?, projectID: String?, sessionID: String?, now: Double
    ) throws {
        let existing = try publications(db, lineageID: lineageID)
        guard PublicationVisibility.isNew(visibility, owner: ownerUserID, project: projectID, among: existing) else { return }
        try db.execute(
            sql: """
                INSERT INTO publications (lineage_id, visibility, owner_user_id, project_id, registration_session_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [lineageID, visibility.rawValue, ownerUserID, projectID, sessionID, now])
    }

    /// A lineage's publications, in the order they were made.
    static func publications(_ db: Database, lineageID: Int64) throws -> [PublicationRecord] {
        try db.cachedRows(
            sql: "SELECT visibility, owner_user_id, project_id, created_at FROM publications WHERE lineage_id = ? ORDER BY id", arguments: [lineageID]
        )
        .map {
            PublicationRecord(
                visibility: Visibility(rawValue: $0["visibility"]) ?? .private, ownerUserID: $0["owner_user_id"], projectID: $0["project_id"],
                createdAt: date($0["created_at"]))
        }
    }

    /// Records the uids of a second publication of a lineage as aliases (`JobAliasPairing`).
    static func insertAliases(_ db: Database, jobs: [Job], lineageID: Int64, lineageHash: String) throws {
        let stored = try publishedJobs(
            db,
            try db.cachedRows(
                sql: "SELECT j.*, ? AS lineage_hash FROM jobs j WHERE j.lineage_id = ? ORDER BY j.id", arguments: [lineageHash, lineageID]))
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO job_aliases (lineage_id, job_uid, job_id) SELECT ?1, ?2, ?3
                WHERE NOT EXISTS (SELECT 1 FROM job_aliases WHERE lineage_id = ?1 AND job_uid = ?2)
                """)
        for alias in JobAliasPairing.aliases(stored: stored, publishing: jobs) {
            try insert.execute(arguments: [lineageID, alias.uid, alias.jobID])
        }
    }

    /// Writes a new lineage's rows. The registry-wide `artifacts` row only names the bytes (its
    /// size and kind are the first publisher's, kept for the record, never served); what this
    /// publisher said about each artifact goes with this lineage (`lineage_artifacts`,
    /// `lineage_artifact_digests`, `lineage_composite_components`).
    static func insertContent(_ db: Database, plan: PublicationPlan, lineageID: Int64, now: Double) throws {
        var artifactIDs: [String: Int64] = [:]
        // Existing rows are looked up or skipped (WHERE NOT EXISTS), never met ON CONFLICT: the
        // insert guard triggers refuse an insert that meets a stored key.
        let insertArtifact = try db.cachedStatement(sql: "INSERT INTO artifacts (hash, algorithm, size, kind, created_at) VALUES (?, ?, ?, ?, ?)")
        let selectArtifact = try db.cachedStatement(sql: "SELECT id FROM artifacts WHERE hash = ?")
        let insertCanonical = try db.cachedStatement(
            sql: """
                INSERT INTO artifact_digests (digest, algorithm, artifact_id) SELECT ?1, ?2, ?3
                WHERE NOT EXISTS (SELECT 1 FROM artifact_digests WHERE digest = ?1 AND algorithm = ?2)
                """)
        let insertAlias = try db.cachedStatement(
            sql: """
                INSERT INTO lineage_artifact_digests (lineage_id, artifact_id, algorithm, digest) SELECT ?1, ?2, ?3, ?4
                WHERE NOT EXISTS (SELECT 1 FROM lineage_artifact_digests WHERE lineage_id = ?1 AND artifact_id = ?2 AND algorithm = ?3 AND digest = ?4)
                """)
        let insertMembership = try db.cachedStatement(
            sql: """
                INSERT INTO lineage_artifacts (artifact_id, lineage_id, source_type, source_url, metadata, size, kind,
                                               component_count_total, membership_index, components_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let composites = Dictionary(plan.composites.map { ($0.artifact.hash, $0) }, uniquingKeysWith: { _, last in last })
        for artifact in plan.artifacts {
            let id: Int64
            if let stored = try Int64.fetchOne(selectArtifact, arguments: [artifact.hash]) {
                id = stored
            } else {
                try insertArtifact.execute(arguments: [artifact.hash, artifact.canonicalDigest.algorithm, artifact.size, artifact.kind.rawValue, now])
                id = db.lastInsertedRowID
                try insertCanonical.execute(arguments: [artifact.hash, artifact.canonicalDigest.algorithm, id])
            }
            artifactIDs[artifact.hash] = id
            let claimed = plan.claimed(artifact)
            let composite = composites[artifact.hash]
            try insertMembership.execute(arguments: [
                id, lineageID, artifact.sourceType, artifact.sourceURL, artifact.metadata, claimed.size, claimed.kind,
                composite?.componentCountTotal, composite?.membershipIndex, composite?.componentsDigest,
            ])
            for digest in artifact.digests where digest != artifact.canonicalDigest {
                try insertAlias.execute(arguments: [lineageID, id, digest.algorithm, digest.hex])
            }
        }
        let insertComponent = try db.cachedStatement(
            sql: """
                INSERT INTO lineage_composite_components (lineage_id, artifact_id, position, relative_path, leaf_kind, component_algorithm,
                                                          component_digest, component_size, component_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for composite in composites.values {
            let id = artifactIDs[composite.artifact.hash]!
            for (position, component) in composite.components.enumerated() {
                try insertComponent.execute(arguments: [
                    lineageID, id, position, component.relativePath, component.leafKind, component.algorithm, component.digest, component.size,
                    component.type,
                ])
            }
        }
        let insertJob = try db.cachedStatement(
            sql: """
                INSERT INTO jobs (lineage_id, job_uid, command, timestamp, git_commit, git_branch, duration_seconds, exit_code,
                                  job_type, step_number, parent_job_uid, metadata)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let insertInput = try db.cachedStatement(sql: "INSERT INTO job_inputs (job_id, artifact_id, path, size, byte_ranges) VALUES (?, ?, ?, ?, ?)")
        let insertOutput = try db.cachedStatement(
            sql: "INSERT INTO job_outputs (job_id, artifact_id, path, size, byte_ranges) VALUES (?, ?, ?, ?, ?)")
        let insertViewEdge = try db.cachedStatement(
            sql: """
                INSERT INTO view_edges (job_id, relation, target_artifact_id, bloom, selected_count, parent_total)
                SELECT ?1, ?2, ?3, ?4, ?5, ?6
                WHERE NOT EXISTS (SELECT 1 FROM view_edges WHERE job_id = ?1 AND relation = ?2 AND target_artifact_id = ?3)
                """)
        for job in plan.jobs {
            try insertJob.execute(arguments: [
                lineageID, job.jobUID, job.command, job.timestamp, job.gitCommit, job.gitBranch, job.durationSeconds, job.exitCode,
                job.jobType, job.stepNumber, job.parentJobUID, job.metadata,
            ])
            let jobID = db.lastInsertedRowID
            for ref in job.inputs {
                try insertInput.execute(arguments: [jobID, artifactIDs[ref.hash]!, ref.path, ref.size, StoredJSON.encodeByteRanges(ref.byteRanges)])
            }
            for ref in job.outputs {
                try insertOutput.execute(arguments: [jobID, artifactIDs[ref.hash]!, ref.path, ref.size, StoredJSON.encodeByteRanges(ref.byteRanges)])
            }
            for edge in plan.viewEdges[job.jobUID] ?? [] {
                try insertViewEdge.execute(arguments: [
                    jobID, edge.relation, artifactIDs[edge.targetHash]!, edge.bloom, edge.selectedCount, edge.parentTotal,
                ])
            }
        }
        try SQLiteSchema.indexSearchText(db, lineageID: lineageID)
    }
}
