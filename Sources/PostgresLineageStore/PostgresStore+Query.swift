import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    /// An artifact's summary columns, its size and kind as the lineages `viewer` sees state them.
    static func summaryColumns(viewer: String) -> String {
        """
        a.id, a.hash, a.algorithm, coalesce(\(preferredFact("size", artifact: "a.id", viewer: viewer)), 0),
            coalesce(\(preferredFact("kind", artifact: "a.id", viewer: viewer)), 'file'), a.created_at
        """
    }

    static func summary(_ row: PostgresRow) throws -> ArtifactSummary {
        let (id, hash, algorithm, size, kind, created) = try row.decode((Int64, String, String, Int64, String, Double).self)
        return ArtifactSummary(
            id: id, hash: hash, algorithm: algorithm, size: size, kind: Artifact.Kind(rawValue: kind) ?? .file,
            registeredAt: Date(timeIntervalSince1970: created))
    }

    public func searchArtifacts(_ search: ArtifactSearch, visibleTo viewer: Viewer) async throws -> IDPage<ArtifactSummary> {
        var builder = QueryBuilder()
        let viewerParameter = builder.bind(viewer.userID)
        var conditions = [
            "a.id > \(builder.bind(search.afterID ?? 0))",
            "EXISTS (SELECT 1 FROM lineage_artifacts la WHERE la.artifact_id = a.id AND \(PostgresStore.visible(lineage: "la.lineage_id", viewer: viewerParameter)))",
        ]
        if let prefix = search.digestPrefix {
            let (low, high) = (builder.bind(prefix.hex), builder.bind(prefix.upperBound))
            // Driven by the digest indexes (ranges), not a scan of artifacts in id order.
            conditions.append(
                """
                a.id IN (SELECT x.id FROM artifacts x WHERE x.hash >= \(low) AND x.hash < \(high)
                         UNION ALL SELECT d.artifact_id FROM lineage_artifact_digests d WHERE d.digest >= \(low) AND d.digest < \(high)
                           AND \(PostgresStore.visible(lineage: "d.lineage_id", viewer: viewerParameter)))
                """)
        }
        if let path = search.pathContains {
            let parameter = builder.bind(path)
            // The trigram indexes narrow the candidates (LIKE with the text's wildcards
            // escaped); the edge test below stays the exact (and visible) check.
            let pattern = builder.bind("%" + Self.likeEscaped(path) + "%")
            conditions.append(
                "a.id IN (SELECT artifact_id FROM job_outputs WHERE path LIKE \(pattern) UNION SELECT artifact_id FROM job_inputs WHERE path LIKE \(pattern))"
            )
            let edge = { (table: String) in
                "EXISTS (SELECT 1 FROM \(table) e JOIN jobs j ON j.id = e.job_id WHERE e.artifact_id = a.id AND strpos(e.path, \(parameter)) > 0 AND \(PostgresStore.visible(lineage: "j.lineage_id", viewer: viewerParameter)))"
            }
            conditions.append("(\(edge("job_outputs")) OR \(edge("job_inputs")))")
        }
        if let label = search.label {
            let leaf = "(lb.document::jsonb #> \(builder.bind(label.path))::text[])"
            let test =
                label.value == nil
                ? "\(leaf) IS NOT NULL"
                : "\(leaf)::text IN (\(builder.bind(label.acceptedJSONTexts[0]))::text, \(builder.bind(label.acceptedJSONTexts[1]))::text)"
            conditions.append(
                """
                EXISTS (SELECT 1 FROM lineage_artifacts la JOIN lineages pl ON pl.id = la.lineage_id
                    JOIN labels lb ON lb.target_key = 'artifact:' || pl.hash || ':' || a.hash
                    WHERE la.artifact_id = a.id AND \(PostgresStore.visible(lineage: "la.lineage_id", viewer: viewerParameter))
                      AND lb.version = (SELECT max(x.version) FROM labels x WHERE x.target_key = lb.target_key) AND \(test))
                """)
        }
        if let since = search.since { conditions.append("a.created_at >= \(builder.bind(since.timeIntervalSince1970))") }
        if let until = search.until { conditions.append("a.created_at < \(builder.bind(until.timeIntervalSince1970))") }
        let sql = """
            SELECT \(Self.summaryColumns(viewer: viewerParameter)) FROM artifacts a WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.id LIMIT \(search.limit + 1)
            """
        let query = builder.query(sql)
        let fetched = try await read { connection in
            try await connection.query(query, logger: self.logger).collect().map(Self.summary)
        }
        return IDPage(fetched: fetched, limit: search.limit, id: \.id)
    }

    public func searchJobs(_ search: JobSearch, visibleTo viewer: Viewer) async throws -> IDPage<PublishedJob> {
        var builder = QueryBuilder()
        var conditions = ["j.id > \(builder.bind(search.afterID ?? 0))", PostgresStore.visible(lineage: "l.id", viewer: builder.bind(viewer.userID))]
        if let command = search.commandContains {
            // LIKE reads the trigram index; strpos stays the exact test.
            conditions.append("j.command LIKE \(builder.bind("%" + Self.likeEscaped(command) + "%"))")
            conditions.append("strpos(j.command, \(builder.bind(command))) > 0")
        }
        if let since = search.since { conditions.append("j.timestamp >= \(builder.bind(since.timeIntervalSince1970))") }
        if let until = search.until { conditions.append("j.timestamp < \(builder.bind(until.timeIntervalSince1970))") }
        if let repo = search.repo { conditions.append("l.git_repo = \(builder.bind(repo))") }
        if let commit = search.commitPrefix {
            // LIKE 'prefix%' reads the text_pattern_ops index; a job without its own commit has
            // its lineage's.
            let pattern = builder.bind(Self.likeEscaped(commit) + "%")
            conditions.append("(j.git_commit LIKE \(pattern) OR j.git_commit IS NULL AND l.git_commit LIKE \(pattern))")
        }
        let sql = """
            SELECT \(Self.jobColumns) FROM jobs j JOIN lineages l ON l.id = j.lineage_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY j.id LIMIT \(search.limit + 1)
            """
        let query = builder.query(sql)
        let fetched = try await read { connection in
            try await self.publishedJobs(connection, rows: connection.query(query, logger: self.logger).collect())
        }
        return IDPage(fetched: fetched, limit: search.limit, id: \.id)
    }

    public func job(lineageHash: String, jobUID: String, visibleTo viewer: Viewer) async throws -> PublishedJob? {
        guard let id = try await PostgresGraphSource(store: self, viewer: viewer).resolve(.job(lineageHash: lineageHash, jobUID: jobUID))?.1 else {
            return nil
        }
        return try await read { connection in
            try await self.publishedJobs(
                connection,
                rows: connection.query(
                    "SELECT \(unescaped: Self.jobColumns) FROM jobs j JOIN lineages l ON l.id = j.lineage_id WHERE j.id = \(id)", logger: self.logger
                ).collect()
            ).first
        }
    }

    public func terminalDescendants(of artifactHash: String, visibleTo viewer: Viewer, afterID: Int64?, limit: Int) async throws -> IDPage<
        ArtifactSummary
    >? {
        guard let startID = try await PostgresGraphSource(store: self, viewer: viewer).resolve(.artifact(hash: artifactHash))?.1 else { return nil }
        var builder = QueryBuilder()
        let start = builder.bind(startID)
        let viewerParameter = builder.bind(viewer.userID)
        // UNION (not UNION ALL) keeps each artifact once, so cycles end; the database holds the
        // descendant set, the server only a page.
        let sql = """
            WITH RECURSIVE down(artifact_id) AS (
                SELECT \(start)::bigint
                UNION
                SELECT o.artifact_id FROM down d
                JOIN job_inputs i ON i.artifact_id = d.artifact_id
                JOIN jobs j ON j.id = i.job_id
                JOIN job_outputs o ON o.job_id = i.job_id
                WHERE \(PostgresStore.visible(lineage: "j.lineage_id", viewer: viewerParameter))
            )
            SELECT \(Self.summaryColumns(viewer: viewerParameter)) FROM down d JOIN artifacts a ON a.id = d.artifact_id
            WHERE a.id <> \(start) AND a.id > \(builder.bind(afterID ?? 0))
              AND NOT EXISTS (SELECT 1 FROM job_inputs i JOIN jobs j ON j.id = i.job_id
                              WHERE i.artifact_id = a.id AND \(PostgresStore.visible(lineage: "j.lineage_id", viewer: viewerParameter)))
            ORDER BY a.id LIMIT \(limit + 1)
            """
        let query = builder.query(sql)
        let fetched = try await read { connection in
            try await connection.query(query, logger: self.logger).collect().map(Self.summary)
        }
        return IDPage(fetched: fetched, limit: limit, id: \.id)
    }

    public func walk(_ request: GraphWalkRequest, visibleTo viewer: Viewer) async throws -> GraphWalkResult? {
        let source = PostgresGraphSource(store: self, viewer: viewer)
        guard let start = try await source.resolve(request.start) else { return nil }
        return try await GraphWalker.walk(request, from: start, source: source, walker: source.recursiveWalk(request, from: start))
    }

    /// `text` with LIKE's wildcards and its escape character escaped (backslash, the default).
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    package func walkLevelByLevel(_ request: GraphWalkRequest, visibleTo viewer: Viewer) async throws -> GraphWalkResult? {
        let source = PostgresGraphSource(store: self, viewer: viewer)
        guard let start = try await source.resolve(request.start) else { return nil }
        return try await GraphWalker.walk(request, from: start, source: source)
    }
}

extension PostgresStore: LevelByLevelWalking {}
