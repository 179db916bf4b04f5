import Foundation
import GRDB
import LineageModel
import LineageStore

extension SQLiteStore {
    public func createRegistrationSession(_ session: RegistrationSession) async throws -> RegistrationSession {
        try await pool.write { db in
            // Sessions that expired a day ago are of no use to anyone: drop them and their staging.
            try Self.purgeSessions(db, expiredBefore: Self.now - 86_400)
            if let clientSessionID = session.clientSessionID,
                let existing = try Row.fetchOne(db, sql: "SELECT * FROM registration_sessions WHERE client_session_id = ?", arguments: [clientSessionID])
            {
                let found = try Self.session(existing)
                guard found.creatorIdentity == session.creatorIdentity else {
                    throw LineageStoreError.conflict("client_session_id is already used by another publisher")
                }
                return found
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
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM registration_sessions WHERE id = ?", arguments: [id]).map(Self.session)
        }
    }

    public func stageJobs(_ jobs: [Job], in sessionID: String) async throws -> [JobStagingResult] {
        let payloads = try jobs.map { try StoredJSON.encode(StoredJob($0)) }
        return try await pool.write { db in
            let session = try Self.openSession(db, id: sessionID)
            let registered = try Self.publishedLineages(db, jobUIDs: jobs.map(\.jobUID), creator: session.creatorIdentity)
            var nextSeq = (try Int64.fetchOne(db, sql: "SELECT max(seq) FROM staged_jobs WHERE session_id = ?", arguments: [sessionID]) ?? 0) + 1
            var results: [JobStagingResult] = []
            for (job, payload) in zip(jobs, payloads) {
                let hashes = registered[job.jobUID] ?? []
                let registeredText = hashes.isEmpty ? nil : hashes.joined(separator: ",")
                if let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM staged_jobs WHERE session_id = ? AND job_uid = ?", arguments: [sessionID, job.jobUID]) {
                    try db.execute(
                        sql: "UPDATE staged_jobs SET payload = ?, already_registered = ? WHERE session_id = ? AND job_uid = ?",
                        arguments: [payload, registeredText, sessionID, job.jobUID])
                    results.append(JobStagingResult(jobUID: job.jobUID, id: seq, state: hashes.isEmpty ? .existing : .alreadyRegistered(hashes)))
                } else {
                    try db.execute(
                        sql: "INSERT INTO staged_jobs (session_id, job_uid, seq, payload, already_registered) VALUES (?, ?, ?, ?, ?)",
                        arguments: [sessionID, job.jobUID, nextSeq, payload, registeredText])
                    results.append(JobStagingResult(jobUID: job.jobUID, id: nextSeq, state: hashes.isEmpty ? .created : .alreadyRegistered(hashes)))
                    nextSeq += 1
                }
            }
            try Self.updateBinding(db, sessionID: sessionID)
            return results
        }
    }

    public func stageArtifacts(_ artifacts: [Artifact], in sessionID: String) async throws -> (created: Int, updated: Int) {
        let payloads = try artifacts.map { try StoredJSON.encode(StoredArtifact($0)) }
        return try await pool.write { db in
            _ = try Self.openSession(db, id: sessionID)
            var created = 0
            var updated = 0
            for (artifact, payload) in zip(artifacts, payloads) {
                let existed = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM staged_artifacts WHERE session_id = ? AND hash = ?", arguments: [sessionID, artifact.hash]) ?? false
                try db.execute(
                    sql: """
                        INSERT INTO staged_artifacts (session_id, hash, payload) VALUES (?, ?, ?)
                        ON CONFLICT (session_id, hash) DO UPDATE SET payload = excluded.payload
                        """,
                    arguments: [sessionID, artifact.hash, payload])
                if existed { updated += 1 } else { created += 1 }
            }
            return (created, updated)
        }
    }

    public func stageComposite(_ composite: Composite, in sessionID: String) async throws -> Bool {
        let payload = try StoredJSON.encode(StoredComposite(composite))
        return try await pool.write { db in
            _ = try Self.openSession(db, id: sessionID)
            let existed = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM staged_composites WHERE session_id = ? AND hash = ?",
                arguments: [sessionID, composite.artifact.hash]) ?? false
            try db.execute(
                sql: """
                    INSERT INTO staged_composites (session_id, hash, payload) VALUES (?, ?, ?)
                    ON CONFLICT (session_id, hash) DO UPDATE SET payload = excluded.payload
                    """,
                arguments: [sessionID, composite.artifact.hash, payload])
            return !existed
        }
    }

    public func stageLinks(_ refs: [ArtifactRef], direction: EdgeDirection, jobUID: String, in sessionID: String) async throws -> Int {
        try await pool.write { db in
            _ = try Self.openSession(db, id: sessionID)
            try Self.requireStagedJob(db, jobUID: jobUID, sessionID: sessionID)
            let statement = try db.cachedStatement(sql: """
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
            try Self.updateBinding(db, sessionID: sessionID)
            return refs.count
        }
    }

    public func stageViewEdges(_ edges: [ViewEdge], jobUID: String, in sessionID: String) async throws {
        let payloads = try edges.map { try StoredJSON.encode($0) }
        try await pool.write { db in
            _ = try Self.openSession(db, id: sessionID)
            try Self.requireStagedJob(db, jobUID: jobUID, sessionID: sessionID)
            for (edge, payload) in zip(edges, payloads) {
                try db.execute(
                    sql: """
                        INSERT INTO staged_view_edges (session_id, job_uid, relation, target_hash, payload) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (session_id, job_uid, relation, target_hash) DO UPDATE SET payload = excluded.payload
                        """,
                    arguments: [sessionID, jobUID, edge.relation, edge.targetHash, payload])
            }
        }
    }

    public func isStaged(jobUID: String, in sessionID: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM staged_jobs WHERE session_id = ? AND job_uid = ?", arguments: [sessionID, jobUID]) ?? false
        }
    }

    public func stagedLineage(sessionID: String) async throws -> StagedLineage {
        try await pool.read { db in try Self.stagedLineage(db, sessionID: sessionID) }
    }

    static func stagedLineage(_ db: Database, sessionID: String) throws -> StagedLineage {
        var inputs: [String: [ArtifactRef]] = [:]
        var outputs: [String: [ArtifactRef]] = [:]
        var linkCount = 0
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM staged_links WHERE session_id = ? ORDER BY job_uid, direction, hash", arguments: [sessionID])
        {
            let ref = ArtifactRef(hash: row["hash"], path: row["path"], size: row["size"], byteRanges: StoredJSON.decodeByteRanges(row["byte_ranges"]))
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
        let artifacts = try String.fetchAll(db, sql: "SELECT payload FROM staged_artifacts WHERE session_id = ? ORDER BY hash", arguments: [sessionID])
            .map { try StoredJSON.decode(StoredArtifact.self, from: $0).artifact() }
        let composites = try String.fetchAll(db, sql: "SELECT payload FROM staged_composites WHERE session_id = ? ORDER BY hash", arguments: [sessionID])
            .map { try StoredJSON.decode(StoredComposite.self, from: $0).composite() }
        var viewEdges: [String: [ViewEdge]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT job_uid, payload FROM staged_view_edges WHERE session_id = ? ORDER BY job_uid, relation, target_hash", arguments: [sessionID]) {
            viewEdges[row["job_uid"], default: []].append(try StoredJSON.decode(ViewEdge.self, from: row["payload"]))
        }
        return StagedLineage(jobs: jobs, artifacts: artifacts, composites: composites, viewEdges: viewEdges, linkCount: linkCount)
    }

    // MARK: Helpers

    static func session(_ row: Row) throws -> RegistrationSession {
        let receiptText: String? = row["receipt"]
        return RegistrationSession(
            id: row["id"], mode: RegistrationSession.Mode(rawValue: row["mode"]) ?? .authenticated, tokenHash: row["token_hash"],
            ownerUserID: row["owner_user_id"], creatorIdentity: row["creator_identity"], clientSessionID: row["client_session_id"],
            status: RegistrationSession.Status(rawValue: row["status"]) ?? .closed, createdAt: date(row["created_at"]),
            expiresAt: date(row["expires_at"]), boundLineageHash: row["bound_lineage_hash"],
            receipt: try receiptText.map { try StoredJSON.decode(FinalizeReceipt.self, from: $0) })
    }

    /// The session, which must exist, be open and not have expired.
    static func openSession(_ db: Database, id: String) throws -> RegistrationSession {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM registration_sessions WHERE id = ?", arguments: [id]) else {
            throw LineageStoreError.notFound("registration session \(id) not found")
        }
        let session = try self.session(row)
        guard session.status == .open else { throw LineageStoreError.conflict("registration session \(id) is already finalized") }
        guard session.expiresAt.timeIntervalSince1970 > now else { throw LineageStoreError.conflict("registration session \(id) has expired") }
        return session
    }

    static func requireStagedJob(_ db: Database, jobUID: String, sessionID: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM staged_jobs WHERE session_id = ? AND job_uid = ?", arguments: [sessionID, jobUID]) == true else {
            throw LineageStoreError.notFound("job \(jobUID) is not staged in registration session \(sessionID)")
        }
    }

    /// Lineages by this creator that already contain each job uid.
    static func publishedLineages(_ db: Database, jobUIDs: [String], creator: String) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for chunk in stride(from: 0, to: jobUIDs.count, by: 500).map({ Array(jobUIDs[$0..<min($0 + 500, jobUIDs.count)]) }) {
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT j.job_uid, l.hash, l.id FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                    WHERE j.job_uid IN (\(placeholders)) AND l.creator_identity = ?
                    UNION
                    SELECT a.job_uid, l.hash, l.id FROM job_aliases a JOIN lineages l ON l.id = a.lineage_id
                    WHERE a.job_uid IN (\(placeholders)) AND l.creator_identity = ?
                    ORDER BY 3
                    """,
                arguments: StatementArguments(chunk + [creator] + chunk + [creator]))
            for row in rows { result[row["job_uid"], default: []].append(row["hash"]) }
        }
        return result
    }

    /// A session is bound to an existing lineage when every staged job belongs to that one
    /// lineage already and nothing else (links) was staged: finalize then answers with it.
    static func updateBinding(_ db: Database, sessionID: String) throws {
        let registered = try String?.fetchAll(db, sql: "SELECT already_registered FROM staged_jobs WHERE session_id = ?", arguments: [sessionID])
        let hasLinks = try Bool.fetchOne(db, sql: "SELECT 1 FROM staged_links WHERE session_id = ? LIMIT 1", arguments: [sessionID]) ?? false
        var bound: String?
        let distinct = Set(registered.compactMap { $0 })
        if !registered.isEmpty, !hasLinks, !registered.contains(where: { $0 == nil }), distinct.count == 1,
            let only = distinct.first, !only.contains(",")
        {
            bound = only
        }
        try db.execute(sql: "UPDATE registration_sessions SET bound_lineage_hash = ? WHERE id = ?", arguments: [bound, sessionID])
    }

    static func purgeSessions(_ db: Database, expiredBefore limit: Double) throws {
        let stale = try String.fetchAll(db, sql: "SELECT id FROM registration_sessions WHERE status = 'open' AND expires_at < ? LIMIT 100", arguments: [limit])
        for id in stale { try deleteStaging(db, sessionID: id) }
        if !stale.isEmpty {
            try db.execute(sql: "DELETE FROM registration_sessions WHERE status = 'open' AND expires_at < ? AND id IN (\(stale.map { _ in "?" }.joined(separator: ",")))",
                           arguments: StatementArguments([limit] + stale))
        }
    }

    static func deleteStaging(_ db: Database, sessionID: String) throws {
        for table in ["staged_jobs", "staged_artifacts", "staged_composites", "staged_links", "staged_view_edges"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE session_id = ?", arguments: [sessionID])
        }
    }
}
