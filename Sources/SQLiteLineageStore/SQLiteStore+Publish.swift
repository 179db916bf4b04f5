import Foundation
import GRDB
import LineageModel
import LineageStore

extension SQLiteStore {
    public func publish(_ publication: LineagePublication, closing sessionID: String?) async throws -> PublishResult {
        let plan = try PublicationPlan(publication)
        return try await pool.write { db in
            if let sessionID, let receipt = try Self.closedReceipt(db, sessionID: sessionID) {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            let now = Self.now
            let lineage = publication.lineage
            try db.execute(
                sql: """
                    INSERT INTO lineages (hash, creator_identity, git_repo, git_commit, git_branch, job_count, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING
                    """,
                arguments: [publication.hash, lineage.creatorIdentity, lineage.git.repo, lineage.git.commit, lineage.git.branch, lineage.jobs.count, now])
            let created = db.changesCount == 1
            let lineageID = try Int64.fetchOne(db, sql: "SELECT id FROM lineages WHERE hash = ?", arguments: [publication.hash])!
            if created {
                try Self.insertContent(db, plan: plan, lineageID: lineageID, now: now)
            } else {
                try Self.insertAliases(db, jobs: lineage.jobs, lineageID: lineageID, lineageHash: publication.hash)
            }
            try Self.recordPublication(db, lineageID: lineageID, visibility: publication.visibility, ownerUserID: publication.ownerUserID, sessionID: sessionID, now: now)
            let counts = publication.edgeCounts
            let receipt = FinalizeReceipt(
                lineageHash: publication.hash, created: created, visibility: publication.visibility,
                jobs: counts.jobs, inputs: counts.inputs, outputs: counts.outputs)
            if let sessionID { try Self.close(db, sessionID: sessionID, receipt: receipt) }
            return PublishResult(receipt: receipt, closedByThisCall: true)
        }
    }

    public func bind(sessionID: String, toLineage hash: String, visibility: Visibility, ownerUserID: String?) async throws -> PublishResult {
        try await pool.write { db in
            if let receipt = try Self.closedReceipt(db, sessionID: sessionID) {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            guard let lineageID = try Int64.fetchOne(db, sql: "SELECT id FROM lineages WHERE hash = ?", arguments: [hash]) else {
                throw LineageStoreError.notFound("lineage \(hash) not found")
            }
            try Self.recordPublication(db, lineageID: lineageID, visibility: visibility, ownerUserID: ownerUserID, sessionID: sessionID, now: Self.now)
            let jobs = try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs WHERE lineage_id = ?", arguments: [lineageID]) ?? 0
            let inputs = try Int.fetchOne(db, sql: "SELECT count(*) FROM job_inputs i JOIN jobs j ON j.id = i.job_id WHERE j.lineage_id = ?", arguments: [lineageID]) ?? 0
            let outputs = try Int.fetchOne(db, sql: "SELECT count(*) FROM job_outputs o JOIN jobs j ON j.id = o.job_id WHERE j.lineage_id = ?", arguments: [lineageID]) ?? 0
            let receipt = FinalizeReceipt(lineageHash: hash, created: false, visibility: visibility, jobs: jobs, inputs: inputs, outputs: outputs)
            try Self.close(db, sessionID: sessionID, receipt: receipt)
            return PublishResult(receipt: receipt, closedByThisCall: true)
        }
    }

    // MARK: Helpers

    /// The receipt of a session already closed; nil when the session is open. Throws when the
    /// session does not exist or has expired.
    static func closedReceipt(_ db: Database, sessionID: String) throws -> FinalizeReceipt? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM registration_sessions WHERE id = ?", arguments: [sessionID]) else {
            throw LineageStoreError.notFound("registration session \(sessionID) not found")
        }
        let session = try self.session(row)
        if session.status == .closed, let receipt = session.receipt { return receipt }
        guard session.expiresAt.timeIntervalSince1970 > now else {
            throw LineageStoreError.conflict("registration session \(sessionID) has expired")
        }
        return nil
    }

    static func close(_ db: Database, sessionID: String, receipt: FinalizeReceipt) throws {
        try db.execute(
            sql: "UPDATE registration_sessions SET status = 'closed', receipt = ?, bound_lineage_hash = ? WHERE id = ? AND status = 'open'",
            arguments: [try StoredJSON.encode(receipt), receipt.lineageHash, sessionID])
        guard db.changesCount == 1 else { throw LineageStoreError.conflict("registration session \(sessionID) was finalized concurrently") }
        try deleteStaging(db, sessionID: sessionID)
    }

    static func recordPublication(_ db: Database, lineageID: Int64, visibility: Visibility, ownerUserID: String?, sessionID: String?, now: Double) throws {
        let exists = try Bool.fetchOne(
            db,
            sql: "SELECT 1 FROM publications WHERE lineage_id = ? AND visibility = ? AND owner_user_id IS ?",
            arguments: [lineageID, visibility.rawValue, ownerUserID]) ?? false
        guard !exists else { return }
        try db.execute(
            sql: "INSERT INTO publications (lineage_id, visibility, owner_user_id, registration_session_id, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [lineageID, visibility.rawValue, ownerUserID, sessionID, now])
    }

    /// Pairs the jobs of a second publication of a lineage with the stored ones (equal jobs sit
    /// at equal canonical positions) and records the uids that differ as aliases.
    static func insertAliases(_ db: Database, jobs: [Job], lineageID: Int64, lineageHash: String) throws {
        let stored = try publishedJobs(db, try Row.fetchAll(
            db, sql: "SELECT j.*, ? AS lineage_hash FROM jobs j WHERE j.lineage_id = ? ORDER BY j.id", arguments: [lineageHash, lineageID]))
        guard stored.count == jobs.count else { return }
        let storedOrder = LineageHasher.canonicalJobOrder(stored.map(\.job))
        let newOrder = LineageHasher.canonicalJobOrder(jobs)
        let insert = try db.cachedStatement(sql: "INSERT INTO job_aliases (lineage_id, job_uid, job_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        for (storedIndex, newIndex) in zip(storedOrder, newOrder) where stored[storedIndex].job.jobUID != jobs[newIndex].jobUID {
            try insert.execute(arguments: [lineageID, jobs[newIndex].jobUID, stored[storedIndex].id])
        }
    }

    static func insertContent(_ db: Database, plan: PublicationPlan, lineageID: Int64, now: Double) throws {
        var artifactIDs: [String: Int64] = [:]
        let insertArtifact = try db.cachedStatement(sql: "INSERT INTO artifacts (hash, algorithm, size, kind, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING")
        let selectArtifact = try db.cachedStatement(sql: "SELECT id FROM artifacts WHERE hash = ?")
        let insertDigest = try db.cachedStatement(sql: "INSERT INTO artifact_digests (digest, algorithm, artifact_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        let insertMembership = try db.cachedStatement(sql: "INSERT INTO lineage_artifacts (artifact_id, lineage_id, source_type, source_url, metadata) VALUES (?, ?, ?, ?, ?)")
        for artifact in plan.artifacts {
            try insertArtifact.execute(arguments: [artifact.hash, artifact.canonicalDigest.algorithm, artifact.size, artifact.kind.rawValue, now])
            let id: Int64
            if db.changesCount == 1 {
                id = db.lastInsertedRowID
                for digest in artifact.digests { try insertDigest.execute(arguments: [digest.hex, digest.algorithm, id]) }
            } else {
                id = try Int64.fetchOne(selectArtifact, arguments: [artifact.hash])!
                // Digests the registry had not seen for this artifact yet.
                for digest in artifact.digests { try insertDigest.execute(arguments: [digest.hex, digest.algorithm, id]) }
            }
            artifactIDs[artifact.hash] = id
            try insertMembership.execute(arguments: [id, lineageID, artifact.sourceType, artifact.sourceURL, artifact.metadata])
        }
        for composite in plan.composites {
            let id = artifactIDs[composite.artifact.hash]!
            try db.execute(
                sql: "INSERT INTO composites (artifact_id, component_count_total, membership_index) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [id, composite.componentCountTotal, composite.membershipIndex])
            guard db.changesCount == 1 else { continue }
            let insertComponent = try db.cachedStatement(sql: """
                INSERT INTO composite_components
                    (artifact_id, position, relative_path, leaf_kind, component_algorithm, component_digest, component_size, component_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, component) in composite.components.enumerated() {
                try insertComponent.execute(arguments: [
                    id, position, component.relativePath, component.leafKind, component.algorithm, component.digest, component.size, component.type,
                ])
            }
        }
        let insertJob = try db.cachedStatement(sql: """
            INSERT INTO jobs (lineage_id, job_uid, command, timestamp, git_commit, git_branch, duration_seconds, exit_code,
                              job_type, step_number, parent_job_uid, metadata)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertInput = try db.cachedStatement(sql: "INSERT INTO job_inputs (job_id, artifact_id, path, size, byte_ranges) VALUES (?, ?, ?, ?, ?)")
        let insertOutput = try db.cachedStatement(sql: "INSERT INTO job_outputs (job_id, artifact_id, path, size, byte_ranges) VALUES (?, ?, ?, ?, ?)")
        let insertViewEdge = try db.cachedStatement(sql: """
            INSERT INTO view_edges (job_id, relation, target_artifact_id, bloom, selected_count, parent_total)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
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
                try insertViewEdge.execute(arguments: [jobID, edge.relation, artifactIDs[edge.targetHash]!, edge.bloom, edge.selectedCount, edge.parentTotal])
            }
        }
        try SQLiteSchema.indexSearchText(db, lineageID: lineageID)
    }
}
