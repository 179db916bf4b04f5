import Foundation
import GRDB
import LineageModel
import LineageStore

/// Staging rows of an open registration session: jobs, artifacts, composites, links, view
/// edges; each call checks the session is open (`RegistrationSessionRules`).
extension SQLiteStore {
    public func stageJobs(_ jobs: [Job], in sessionID: String) async throws -> [JobStagingResult] {
        for job in jobs { try RecordRanges.check(job) }
        let payloads = try jobs.map { try StoredJSON.encode(StoredJob($0)) }
        return try await write { db in
            let session = try self.openSession(db, id: sessionID)
            let registered = try Self.publishedLineages(db, jobUIDs: jobs.map(\.jobUID), creator: session.creatorIdentity)
            var nextSeq =
                (try db.cachedValue(Int64.self, sql: "SELECT max(seq) FROM staged_jobs WHERE session_id = ?", arguments: [sessionID]) ?? 0) + 1
            let stagedSeq = try db.cachedStatement(sql: "SELECT seq FROM staged_jobs WHERE session_id = ? AND job_uid = ?")
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO staged_jobs (session_id, job_uid, seq, payload, already_registered) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (session_id, job_uid) DO UPDATE SET payload = excluded.payload, already_registered = excluded.already_registered
                    """)
            var results: [JobStagingResult] = []
            for (job, payload) in zip(jobs, payloads) {
                let hashes = registered[job.jobUID] ?? []
                let staged = try Int64.fetchOne(stagedSeq, arguments: [sessionID, job.jobUID])
                let seq = staged ?? nextSeq
                if staged == nil { nextSeq += 1 }
                try upsert.execute(arguments: [sessionID, job.jobUID, seq, payload, SessionBinding.registeredText(hashes)])
                results.append(
                    JobStagingResult(
                        jobUID: job.jobUID, id: seq, state: SessionBinding.stagingState(publishedIn: hashes, stagedBefore: staged != nil)))
            }
            return results
        }
    }

    public func stageArtifacts(_ artifacts: [Artifact], in sessionID: String) async throws -> (created: Int, updated: Int) {
        for artifact in artifacts { try RecordRanges.check(artifact) }
        let payloads = try artifacts.map { try StoredJSON.encode(StoredArtifact($0)) }
        return try await write { db in
            _ = try self.openSession(db, id: sessionID)
            var created = 0
            for (artifact, payload) in zip(artifacts, payloads)
            where try Self.upsertPayload(db, table: "staged_artifacts", sessionID: sessionID, hash: artifact.hash, payload: payload) {
                created += 1
            }
            return (created, artifacts.count - created)
        }
    }

    public func stageComposite(_ composite: Composite, in sessionID: String) async throws -> Bool {
        try RecordRanges.check(composite)
        let payload = try StoredJSON.encode(StoredComposite(composite))
        return try await write { db in
            _ = try self.openSession(db, id: sessionID)
            return try Self.upsertPayload(db, table: "staged_composites", sessionID: sessionID, hash: composite.artifact.hash, payload: payload)
        }
    }

    /// Stages (or restages) one artifact or composite description; true when it was new.
    static func upsertPayload(_ db: Database, table: String, sessionID: String, hash: String, payload: String) throws -> Bool {
        let existed =
            try db.cachedValue(Bool.self, sql: "SELECT 1 FROM \(table) WHERE session_id = ? AND hash = ?", arguments: [sessionID, hash]) ?? false
        try db.cachedStatement(
            sql: """
                INSERT INTO \(table) (session_id, hash, payload) VALUES (?, ?, ?)
                ON CONFLICT (session_id, hash) DO UPDATE SET payload = excluded.payload
                """
        ).execute(arguments: [sessionID, hash, payload])
        return !existed
    }

    public func stageLinks(_ refs: [ArtifactRef], direction: EdgeDirection, jobUID: String, in sessionID: String) async throws -> Int {
        try await write { db in
            _ = try self.openSession(db, id: sessionID)
            try Self.requireStagedJob(db, jobUID: jobUID, sessionID: sessionID)
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO staged_links (session_id, job_uid, direction, hash, path, size, byte_ranges)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (session_id, job_uid, direction, hash) DO UPDATE SET
                        path = CASE WHEN coalesce(excluded.path, '') < coalesce(path, '') THEN excluded.path ELSE path END,
                        size = coalesce(size, excluded.size),
                        byte_ranges = coalesce(byte_ranges, excluded.byte_ranges)
                    """)
            for ref in refs {
                try statement.execute(arguments: [
                    sessionID, jobUID, direction.rawValue, ref.hash, ref.path, ref.size, StoredJSON.encodeByteRanges(ref.byteRanges),
                ])
            }
            return refs.count
        }
    }

    public func stageViewEdges(_ edges: [ViewEdge], jobUID: String, in sessionID: String) async throws {
        for edge in edges { try RecordRanges.check(edge) }
        let payloads = try edges.map { try StoredJSON.encode($0) }
        try await write { db in
            _ = try self.openSession(db, id: sessionID)
            try Self.requireStagedJob(db, jobUID: jobUID, sessionID: sessionID)
            for (edge, payload) in zip(edges, payloads) {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO staged_view_edges (session_id, job_uid, relation, target_hash, payload) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (session_id, job_uid, relation, target_hash) DO UPDATE SET payload = excluded.payload
                        """
                ).execute(arguments: [sessionID, jobUID, edge.relation, edge.targetHash, payload])
            }
        }
    }

    public func isStaged(jobUID: String, in sessionID: String) async throws -> Bool {
        try await read { db in try Self.isStaged(db, jobUID: jobUID, sessionID: sessionID) }
    }

    public func stagedLineage(sessionID: String) async throws -> StagedLineage {
        try await read { db in try Self.stagedLineage(db, sessionID: sessionID) }
    }

    static func stagedLineage(_ db: Database, sessionID: String) throws -> StagedLineage {
        var inputs: [String: [ArtifactRef]] = [:]
        var outputs: [String: [ArtifactRef]] = [:]
        var linkCount = 0
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM staged_links WHERE session_id = ? ORDER BY job_uid, direction, hash", arguments: [sessionID])
        {
            let ref = ArtifactRef(
                hash: row["hash"], path: row["path"], size: row["size"], byteRanges: StoredJSON.decodeByteRanges(row["byte_ranges"]))
            if row["direction"] == EdgeDirection.input.rawValue {
                inputs[row["job_uid"], default: []].append(ref)
            } else {
                outputs[row["job_uid"], default: []].append(ref)
            }
            linkCount += 1
        }
        let jobs = try Row.fetchAll(db, sql: "SELECT job_uid, payload FROM staged_jobs WHERE session_id = ? ORDER BY seq", arguments: [sessionID])
            .map { row -> Job in
                let uid: String = row["job_uid"]
                return try StoredJSON.decode(StoredJob.self, from: row["payload"]).job(inputs: inputs[uid] ?? [], outputs: outputs[uid] ?? [])
            }
        let artifacts = try String.fetchAll(
            db, sql: "SELECT payload FROM staged_artifacts WHERE session_id = ? ORDER BY hash", arguments: [sessionID]
        )
        .map { try StoredJSON.decode(StoredArtifact.self, from: $0).artifact() }
        let composites = try String.fetchAll(
            db, sql: "SELECT payload FROM staged_composites WHERE session_id = ? ORDER BY hash", arguments: [sessionID]
        )
        .map { try StoredJSON.decode(StoredComposite.self, from: $0).composite() }
        var viewEdges: [String: [ViewEdge]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT job_uid, payload FROM staged_view_edges WHERE session_id = ? ORDER BY job_uid, relation, target_hash",
            arguments: [sessionID])
        {
            viewEdges[row["job_uid"], default: []].append(try StoredJSON.decode(ViewEdge.self, from: row["payload"]))
        }
        return StagedLineage(jobs: jobs, artifacts: artifacts, composites: composites, viewEdges: viewEdges, linkCount: linkCount)
    }

    static func isStaged(_ db: Database, jobUID: String, sessionID: String) throws -> Bool {
        try db.cachedValue(Bool.self, sql: "SELECT 1 FROM staged_jobs WHERE session_id = ? AND job_uid = ?", arguments: [sessionID, jobUID]) ?? false
    }

    static func requireStagedJob(_ db: Database, jobUID: String, sessionID: String) throws {
        guard try isStaged(db, jobUID: jobUID, sessionID: sessionID) else { throw RegistrationSessionRules.jobNotStaged(jobUID, session: sessionID) }
    }

    /// Lineages by this creator that already contain each job uid (directly or as an alias),
    /// oldest first.
    static func publishedLineages(_ db: Database, jobUIDs: [String], creator: String) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for row in try db.cachedRows(
            sql: """
                SELECT j.job_uid, l.hash, l.id FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                WHERE j.job_uid IN (SELECT value FROM json_each(:uids)) AND l.creator_identity = :creator
                UNION
                SELECT a.job_uid, l.hash, l.id FROM job_aliases a JOIN lineages l ON l.id = a.lineage_id
                WHERE a.job_uid IN (SELECT value FROM json_each(:uids)) AND l.creator_identity = :creator
                ORDER BY 3
                """,
            arguments: ["uids": jsonList(jobUIDs), "creator": creator])
        {
            result[row["job_uid"], default: []].append(row["hash"])
        }
        return result
    }
}
