import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresLineageStore {
    static let jobColumns = """
        j.id, l.hash, j.job_uid, j.command, j.timestamp, j.git_commit, j.git_branch, j.duration_seconds, j.exit_code,
        j.job_type, j.step_number, j.parent_job_uid, j.metadata
        """

    public func jobs(inLineage hash: String) async throws -> [PublishedJob] {
        try await read { connection in
            try await self.publishedJobs(connection, rows: connection.query(
                """
                SELECT \(unescaped: Self.jobColumns) FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                WHERE l.hash = \(hash) ORDER BY j.step_number, j.id
                """,
                logger: self.logger
            ).collect())
        }
    }

    public func jobs(touching artifactHash: String, direction: EdgeDirection, visibleTo viewer: Viewer, limit: Int) async throws -> [PublishedJob] {
        let table = direction == .output ? "job_outputs" : "job_inputs"
        return try await read { connection in
            try await self.publishedJobs(connection, rows: connection.query(
                """
                SELECT \(unescaped: Self.jobColumns) FROM artifacts a
                JOIN \(unescaped: table) e ON e.artifact_id = a.id
                JOIN jobs j ON j.id = e.job_id
                JOIN lineages l ON l.id = j.lineage_id
                WHERE a.hash = \(artifactHash)
                  AND EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = l.id AND (p.visibility = 'public' OR p.owner_user_id = \(viewer.userID)))
                ORDER BY j.id DESC LIMIT \(limit)
                """,
                logger: self.logger
            ).collect())
        }
    }

    public func upstreamJobs(of artifactHash: String, inLineage hash: String) async throws -> [PublishedJob] {
        try await read { connection in
            try await self.publishedJobs(connection, rows: connection.query(
                """
                WITH RECURSIVE target AS (
                    SELECT (SELECT id FROM artifacts WHERE hash = \(artifactHash)) AS artifact_id,
                           (SELECT id FROM lineages WHERE hash = \(hash)) AS lineage_id
                ), upstream(job_id) AS (
                    SELECT o.job_id FROM target t JOIN job_outputs o ON o.artifact_id = t.artifact_id
                    JOIN jobs j ON j.id = o.job_id AND j.lineage_id = t.lineage_id
                    UNION
                    SELECT o.job_id FROM upstream u
                    JOIN job_inputs i ON i.job_id = u.job_id
                    JOIN job_outputs o ON o.artifact_id = i.artifact_id
                    JOIN jobs j ON j.id = o.job_id
                    JOIN target t ON j.lineage_id = t.lineage_id
                )
                SELECT \(unescaped: Self.jobColumns) FROM upstream u JOIN jobs j ON j.id = u.job_id JOIN lineages l ON l.id = j.lineage_id
                ORDER BY j.step_number, j.id
                """,
                logger: self.logger
            ).collect())
        }
    }

    public func components(ofComposite artifactHash: String) async throws -> [Composite.Component] {
        try await read { connection in
            try await connection.query(
                """
                SELECT c.relative_path, c.leaf_kind, c.component_algorithm, c.component_digest, c.component_size, c.component_type
                FROM composite_components c JOIN artifacts a ON a.id = c.artifact_id WHERE a.hash = \(artifactHash) ORDER BY c.position
                """,
                logger: self.logger
            ).collect().map { row in
                let (path, leaf, algorithm, digest, size, type) = try row.decode((String, String?, String, String, Int64?, String?).self)
                return Composite.Component(relativePath: path, leafKind: leaf, algorithm: algorithm, digest: digest, size: size, type: type)
            }
        }
    }

    public func isOwner(_ viewer: Viewer, ofLineage hash: String) async throws -> Bool {
        guard let userID = viewer.userID else { return false }
        return try await read { connection in
            try await !connection.query(
                "SELECT 1 FROM publications p JOIN lineages l ON l.id = p.lineage_id WHERE l.hash = \(hash) AND p.owner_user_id = \(userID) LIMIT 1",
                logger: self.logger
            ).collect().isEmpty
        }
    }

    public func resolveJobUID(_ uid: String, inLineage hash: String) async throws -> String? {
        try await read { connection in
            try await connection.query(
                """
                SELECT j.job_uid FROM jobs j JOIN lineages l ON l.id = j.lineage_id WHERE l.hash = \(hash) AND j.job_uid = \(uid)
                UNION ALL
                SELECT j.job_uid FROM job_aliases a JOIN lineages l ON l.id = a.lineage_id JOIN jobs j ON j.id = a.job_id
                WHERE l.hash = \(hash) AND a.job_uid = \(uid)
                LIMIT 1
                """,
                logger: self.logger
            ).collect().first.map { try $0.decode(String.self) }
        }
    }

    public func containsArtifact(_ artifactHash: String, inLineage hash: String) async throws -> Bool {
        try await read { connection in
            try await !connection.query(
                """
                SELECT 1 FROM lineage_artifacts la JOIN lineages l ON l.id = la.lineage_id JOIN artifacts a ON a.id = la.artifact_id
                WHERE l.hash = \(hash) AND a.hash = \(artifactHash)
                """,
                logger: self.logger
            ).collect().isEmpty
        }
    }

    public func lineageHashes(containing artifactHash: String, visibleTo viewer: Viewer, limit: Int) async throws -> [String] {
        try await read { connection in
            try await connection.query(
                """
                SELECT l.hash FROM artifacts a JOIN lineage_artifacts la ON la.artifact_id = a.id JOIN lineages l ON l.id = la.lineage_id
                WHERE a.hash = \(artifactHash)
                  AND EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = l.id AND (p.visibility = 'public' OR p.owner_user_id = \(viewer.userID)))
                ORDER BY l.id LIMIT \(limit)
                """,
                logger: self.logger
            ).collect().map { try $0.decode(String.self) }
        }
    }

    func publishedJobs(_ connection: PostgresConnection, lineageID: Int64, lineageHash: String) async throws -> [PublishedJob] {
        try await publishedJobs(connection, rows: connection.query(
            "SELECT \(unescaped: Self.jobColumns) FROM jobs j JOIN lineages l ON l.id = j.lineage_id WHERE j.lineage_id = \(lineageID) ORDER BY j.id",
            logger: logger
        ).collect())
    }

    /// Jobs from rows of `jobColumns`, with their edges (one query per side for all of them).
    func publishedJobs(_ connection: PostgresConnection, rows: [PostgresRow]) async throws -> [PublishedJob] {
        guard !rows.isEmpty else { return [] }
        var jobs: [(Int64, String, Job)] = []
        for row in rows {
            let (id, lineage, uid, command, timestamp, commit, branch, duration, exit, type, step, parent, metadata) =
                try row.decode((Int64, String, String, String?, Double?, String?, String?, Double?, Int32?, String, Int32, String?, String?).self)
            jobs.append((id, lineage, Job(
                jobUID: uid, command: command, timestamp: timestamp, gitCommit: commit, gitBranch: branch, durationSeconds: duration,
                exitCode: exit.map(Int.init), jobType: type, stepNumber: Int(step), parentJobUID: parent, metadata: metadata)))
        }
        let ids = jobs.map(\.0)
        var edges: [String: [Int64: [ArtifactRef]]] = [:]
        for table in ["job_inputs", "job_outputs"] {
            var query = PostgresQuery(unsafeSQL: """
                SELECT e.job_id, a.hash, e.path, e.size, e.byte_ranges FROM \(table) e JOIN artifacts a ON a.id = e.artifact_id
                WHERE e.job_id = ANY($1) ORDER BY e.job_id, e.path COLLATE "C", a.hash COLLATE "C"
                """)
            try query.binds.append(ids)
            for row in try await connection.query(query, logger: logger).collect() {
                let (jobID, hash, path, size, ranges) = try row.decode((Int64, String, String?, Int64?, String?).self)
                edges[table, default: [:]][jobID, default: []].append(
                    ArtifactRef(hash: hash, path: path, size: size, byteRanges: StoredJSON.decodeByteRanges(ranges)))
            }
        }
        return jobs.map { id, lineage, job in
            var job = job
            job.inputs = edges["job_inputs"]?[id] ?? []
            job.outputs = edges["job_outputs"]?[id] ?? []
            return PublishedJob(id: id, lineageHash: lineage, job: job)
        }
    }
}
