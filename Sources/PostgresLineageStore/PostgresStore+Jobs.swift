import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    static let jobColumns = """
        j.id, l.hash, j.job_uid, j.command, j.timestamp, j.git_commit, j.git_branch, j.duration_seconds, j.exit_code,
        j.job_type, j.step_number, j.parent_job_uid, j.metadata
        """

    public func jobs(inLineage hash: String) async throws -> [PublishedJob] {
        try await read { connection in
            try await self.publishedJobs(
                connection,
                rows: connection.query(
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
        var builder = QueryBuilder()
        let sql = """
            SELECT \(Self.jobColumns) FROM artifacts a
            JOIN \(table) e ON e.artifact_id = a.id
            JOIN jobs j ON j.id = e.job_id
            JOIN lineages l ON l.id = j.lineage_id
            WHERE a.hash = \(builder.bind(artifactHash)) AND \(Self.visible(lineage: "l.id", viewer: builder.bind(viewer.userID)))
            ORDER BY j.id DESC LIMIT \(builder.bind(limit))
            """
        let query = builder.query(sql)
        return try await read { connection in
            try await self.publishedJobs(connection, rows: connection.query(query, logger: self.logger).collect())
        }
    }

    public func upstreamJobs(of artifactHash: String, inLineage hash: String) async throws -> [PublishedJob] {
        try await read { connection in
            var rows: [JobRow] = []
            for try await row in try await connection.execute(
                UpstreamJobsStatement(artifactHash: artifactHash, lineageHash: hash), logger: self.logger)
            {
                rows.append(row)
            }
            return try await self.publishedJobs(connection, jobRows: rows)
        }
    }

    public func components(ofComposite artifactHash: String, visibleTo viewer: Viewer) async throws -> [Composite.Component] {
        var builder = QueryBuilder()
        // The list of the highest-ranked visible lineage that gave one.
        let sql = """
            SELECT la.lineage_id, la.artifact_id FROM artifacts a JOIN lineage_artifacts la ON la.artifact_id = a.id
            JOIN lineages pl ON pl.id = la.lineage_id
            WHERE a.hash = \(builder.bind(artifactHash)) AND la.component_count_total IS NOT NULL
              AND \(Self.visible(lineage: "la.lineage_id", viewer: builder.bind(viewer.userID)))
            ORDER BY \(Self.claimOrder) LIMIT 1
            """
        let query = builder.query(sql)
        return try await read { connection in
            guard let row = try await connection.query(query, logger: self.logger).collect().first else { return [] }
            let (lineageID, artifactID) = try row.decode((Int64, Int64).self)
            return try await self.components(connection, lineageID: lineageID, artifactID: artifactID)
        }
    }

    /// A component from `relative_path, leaf_kind, component_algorithm, component_digest, component_size, component_type`.
    static func component(_ row: PostgresRow) throws -> Composite.Component {
        let (path, leaf, algorithm, digest, size, type) = try row.decode((String, String?, String, String, Int64?, String?).self)
        return Composite.Component(relativePath: path, leafKind: leaf, algorithm: algorithm, digest: digest, size: size, type: type)
    }

    public func isOwner(_ viewer: Viewer, ofLineage hash: String) async throws -> Bool {
        guard let userID = viewer.userID else { return false }
        var builder = QueryBuilder()
        let sql = "SELECT 1 FROM lineages l WHERE l.hash = \(builder.bind(hash)) AND \(Self.editable(lineage: "l.id", viewer: builder.bind(userID)))"
        let query = builder.query(sql)
        return try await read { connection in try await !connection.query(query, logger: self.logger).collect().isEmpty }
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
        var builder = QueryBuilder()
        let sql = """
            SELECT l.hash FROM artifacts a JOIN lineage_artifacts la ON la.artifact_id = a.id JOIN lineages l ON l.id = la.lineage_id
            WHERE a.hash = \(builder.bind(artifactHash)) AND \(Self.visible(lineage: "l.id", viewer: builder.bind(viewer.userID)))
            ORDER BY l.id LIMIT \(builder.bind(limit))
            """
        let query = builder.query(sql)
        return try await read { connection in
            try await connection.query(query, logger: self.logger).collect().map { try $0.decode(String.self) }
        }
    }

    func publishedJobs(_ connection: PostgresConnection, lineageID: Int64, lineageHash: String) async throws -> [PublishedJob] {
        try await publishedJobs(
            connection,
            rows: connection.query(
                "SELECT \(unescaped: Self.jobColumns) FROM jobs j JOIN lineages l ON l.id = j.lineage_id WHERE j.lineage_id = \(lineageID) ORDER BY j.id",
                logger: logger
            ).collect())
    }

    /// Jobs from rows of `jobColumns`, with their edges.
    func publishedJobs(_ connection: PostgresConnection, rows: [PostgresRow]) async throws -> [PublishedJob] {
        try await publishedJobs(connection, jobRows: rows.map { try $0.decode(JobRow.self) })
    }

    /// Jobs from decoded rows, with their edges (one prepared statement for all of them).
    func publishedJobs(_ connection: PostgresConnection, jobRows: [JobRow]) async throws -> [PublishedJob] {
        guard !jobRows.isEmpty else { return [] }
        var inputs: [Int64: [ArtifactRef]] = [:]
        var outputs: [Int64: [ArtifactRef]] = [:]
        for try await (isInput, jobID, hash, path, size, ranges) in try await connection.execute(
            JobEdgesStatement(jobIDs: jobRows.map(\.0)), logger: logger)
        {
            let ref = ArtifactRef(hash: hash, path: path, size: size, byteRanges: StoredJSON.decodeByteRanges(ranges))
            if isInput { inputs[jobID, default: []].append(ref) } else { outputs[jobID, default: []].append(ref) }
        }
        return jobRows.map { id, lineage, uid, command, timestamp, commit, branch, duration, exit, type, step, parent, metadata in
            let job = Job(
                jobUID: uid, command: command, timestamp: timestamp, gitCommit: commit, gitBranch: branch, durationSeconds: duration,
                exitCode: exit.map(Int.init), jobType: type, stepNumber: Int(step), parentJobUID: parent, metadata: metadata,
                inputs: inputs[id] ?? [], outputs: outputs[id] ?? [])
            return PublishedJob(id: id, lineageHash: lineage, job: job)
        }
    }
}
