import Foundation
import LineageModel
import LineageStore
import PostgresNIO

/// Staging rows of an open registration session; each call locks and checks the session.
extension PostgresStore {
    public func createRegistrationSession(_ session: RegistrationSession) async throws -> RegistrationSession {
        let cutoff = RegistrationSessionRules.purgeCutoff(at: clock.now).timeIntervalSince1970
        return try await write { connection in
            try await self.purgeSessions(connection, expiredBefore: cutoff)
            if let clientSessionID = session.clientSessionID,
                let existing = try await self.session(connection, where: "client_session_id", equals: clientSessionID, lock: false)
            {
                return try RegistrationSessionRules.reuse(existing, for: session)
            }
            // Two servers creating the same client_session_id at once: the second insert does nothing.
            let inserted = try await connection.query(
                """
                INSERT INTO registration_sessions
                    (id, mode, token_hash, owner_user_id, creator_identity, client_session_id, status, created_at, expires_at)
                VALUES (\(session.id), \(session.mode.rawValue), \(session.tokenHash), \(session.ownerUserID), \(session.creatorIdentity),
                        \(session.clientSessionID), \(session.status.rawValue), \(session.createdAt.timeIntervalSince1970), \(session.expiresAt.timeIntervalSince1970))
                ON CONFLICT DO NOTHING RETURNING 1
                """,
                logger: self.logger
            ).collect()
            if inserted.isEmpty, let clientSessionID = session.clientSessionID,
                let existing = try await self.session(connection, where: "client_session_id", equals: clientSessionID, lock: false)
            {
                return try RegistrationSessionRules.reuse(existing, for: session)
            }
            return session
        }
    }

    public func registrationSession(id: String) async throws -> RegistrationSession? {
        try await read { connection in
            guard var session = try await self.session(connection, where: "id", equals: id, lock: false) else { return nil }
            if session.status == .open { session.boundLineageHash = try await self.binding(connection, sessionID: id) }
            return session
        }
    }

    public func stageJobs(_ jobs: [Job], in sessionID: String) async throws -> [JobStagingResult] {
        for job in jobs { try RecordRanges.check(job) }
        let payloads = try jobs.map { try StoredJSON.encode(StoredJob($0)) }
        return try await write { connection in
            let session = try await self.openSession(connection, id: sessionID)
            let registered = try await self.publishedLineages(connection, jobUIDs: jobs.map(\.jobUID), creator: session.creatorIdentity)
            var existing: [String: Int64] = [:]
            for row in try await connection.query(
                "SELECT job_uid, seq FROM staged_jobs WHERE session_id = \(sessionID) AND job_uid = ANY(\(jobs.map(\.jobUID)))", logger: self.logger
            ).collect() {
                let (uid, seq) = try row.decode((String, Int64).self)
                existing[uid] = seq
            }
            var nextSeq =
                (try await connection.query("SELECT max(seq) FROM staged_jobs WHERE session_id = \(sessionID)", logger: self.logger)
                    .collect().first?.decode(Int64?.self) ?? 0) + 1
            var results: [JobStagingResult] = []
            var uids: [String] = []
            var seqs: [Int64] = []
            var texts: [String] = []
            var registeredTexts: [String] = []
            for (job, payload) in zip(jobs, payloads) {
                let hashes = registered[job.jobUID] ?? []
                let seq = existing[job.jobUID] ?? nextSeq
                if existing[job.jobUID] == nil { nextSeq += 1 }
                results.append(
                    JobStagingResult(
                        jobUID: job.jobUID, id: seq,
                        state: SessionBinding.stagingState(publishedIn: hashes, stagedBefore: existing[job.jobUID] != nil)))
                uids.append(job.jobUID)
                seqs.append(seq)
                texts.append(payload)
                registeredTexts.append(SessionBinding.registeredText(hashes) ?? "")
            }
            try await connection.query(
                """
                INSERT INTO staged_jobs (session_id, job_uid, seq, payload, already_registered)
                SELECT \(sessionID), u, s, p, NULLIF(r, '') FROM unnest(\(uids)::text[], \(seqs)::bigint[], \(texts)::text[], \(registeredTexts)::text[]) AS t(u, s, p, r)
                ON CONFLICT (session_id, job_uid) DO UPDATE SET payload = excluded.payload, already_registered = excluded.already_registered
                """,
                logger: self.logger)
            return results
        }
    }

    public func stageArtifacts(_ artifacts: [Artifact], in sessionID: String) async throws -> (created: Int, updated: Int) {
        for artifact in artifacts { try RecordRanges.check(artifact) }
        let hashes = artifacts.map(\.hash)
        let payloads = try artifacts.map { try StoredJSON.encode(StoredArtifact($0)) }
        return try await write { connection in
            _ = try await self.openSession(connection, id: sessionID)
            let before = Set(
                try await connection.query(
                    "SELECT hash FROM staged_artifacts WHERE session_id = \(sessionID) AND hash = ANY(\(hashes))", logger: self.logger
                ).collect().map { try $0.decode(String.self) })
            // The same digest may appear twice in one batch: the last description wins.
            var latest: [String: String] = [:]
            for (hash, payload) in zip(hashes, payloads) { latest[hash] = payload }
            try await connection.query(
                """
                INSERT INTO staged_artifacts (session_id, hash, payload)
                SELECT \(sessionID), h, p FROM unnest(\(Array(latest.keys))::text[], \(Array(latest.values))::text[]) AS t(h, p)
                ON CONFLICT (session_id, hash) DO UPDATE SET payload = excluded.payload
                """,
                logger: self.logger)
            var created = 0
            var seen = before
            for hash in hashes {
                if seen.insert(hash).inserted { created += 1 }
            }
            return (created, hashes.count - created)
        }
    }

    public func stageComposite(_ composite: Composite, in sessionID: String) async throws -> Bool {
        try RecordRanges.check(composite)
        let payload = try StoredJSON.encode(StoredComposite(composite))
        let hash = composite.artifact.hash
        return try await write { connection in
            _ = try await self.openSession(connection, id: sessionID)
            let existed = try await !connection.query(
                "SELECT 1 FROM staged_composites WHERE session_id = \(sessionID) AND hash = \(hash)", logger: self.logger
            ).collect().isEmpty
            try await connection.query(
                """
                INSERT INTO staged_composites (session_id, hash, payload) VALUES (\(sessionID), \(hash), \(payload))
                ON CONFLICT (session_id, hash) DO UPDATE SET payload = excluded.payload
                """,
                logger: self.logger)
            return !existed
        }
    }

    public func stageLinks(_ refs: [ArtifactRef], direction: EdgeDirection, jobUID: String, in sessionID: String) async throws -> Int {
        // Collapse duplicates within the request first: ON CONFLICT cannot touch a row twice.
        let collapsed = Dictionary(
            refs.map { ($0.hash, $0) },
            uniquingKeysWith: { first, second in
                var kept = (second.path ?? "").utf8.lexicographicallyPrecedes((first.path ?? "").utf8) ? second : first
                kept.size = kept.size ?? first.size ?? second.size
                kept.byteRanges = kept.byteRanges ?? first.byteRanges ?? second.byteRanges
                return kept
            }
        ).values.sorted { $0.hash < $1.hash }
        let columns = NullableColumns(collapsed)
        return try await write { connection in
            _ = try await self.openSession(connection, id: sessionID)
            try await self.requireStagedJob(connection, jobUID: jobUID, sessionID: sessionID)
            try await connection.query(
                """
                INSERT INTO staged_links (session_id, job_uid, direction, hash, path, size, byte_ranges)
                SELECT \(sessionID), \(jobUID), \(direction.rawValue), h,
                       CASE WHEN pn THEN NULL ELSE p END, CASE WHEN sn THEN NULL ELSE s END, CASE WHEN rn THEN NULL ELSE r END
                FROM unnest(\(columns.hashes)::text[], \(columns.paths)::text[], \(columns.pathIsNull)::bool[], \(columns.sizes)::bigint[],
                            \(columns.sizeIsNull)::bool[], \(columns.ranges)::text[], \(columns.rangesIsNull)::bool[]) AS t(h, p, pn, s, sn, r, rn)
                ON CONFLICT (session_id, job_uid, direction, hash) DO UPDATE SET
                    path = CASE WHEN coalesce(excluded.path, '') COLLATE "C" < coalesce(staged_links.path, '') COLLATE "C"
                                THEN excluded.path ELSE staged_links.path END,
                    size = coalesce(staged_links.size, excluded.size),
                    byte_ranges = coalesce(staged_links.byte_ranges, excluded.byte_ranges)
                """,
                logger: self.logger)
            return refs.count
        }
    }

    public func stageViewEdges(_ edges: [ViewEdge], jobUID: String, in sessionID: String) async throws {
        for edge in edges { try RecordRanges.check(edge) }
        let payloads = try edges.map { try StoredJSON.encode($0) }
        try await write { connection in
            _ = try await self.openSession(connection, id: sessionID)
            try await self.requireStagedJob(connection, jobUID: jobUID, sessionID: sessionID)
            for (edge, payload) in zip(edges, payloads) {
                try await connection.query(
                    """
                    INSERT INTO staged_view_edges (session_id, job_uid, relation, target_hash, payload)
                    VALUES (\(sessionID), \(jobUID), \(edge.relation), \(edge.targetHash), \(payload))
                    ON CONFLICT (session_id, job_uid, relation, target_hash) DO UPDATE SET payload = excluded.payload
                    """,
                    logger: self.logger)
            }
        }
    }

    public func isStaged(jobUID: String, in sessionID: String) async throws -> Bool {
        try await read { connection in
            try await !connection.query("SELECT 1 FROM staged_jobs WHERE session_id = \(sessionID) AND job_uid = \(jobUID)", logger: self.logger)
                .collect().isEmpty
        }
    }

    public func stagedLineage(sessionID: String) async throws -> StagedLineage {
        try await read { connection in try await self.stagedLineage(connection, sessionID: sessionID) }
    }
}
