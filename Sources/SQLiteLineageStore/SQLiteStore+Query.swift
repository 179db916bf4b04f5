import Foundation
import GRDB
import LineageModel
import LineageStore

extension SQLiteStore {
    /// An artifact's summary columns, its size and kind as the lineages `viewer` sees state them.
    static func summaryColumns(viewer: String) -> String {
        """
        a.id, a.hash, a.algorithm, coalesce(\(preferredFact("size", artifact: "a.id", viewer: viewer)), 0) AS size,
            coalesce(\(preferredFact("kind", artifact: "a.id", viewer: viewer)), 'file') AS kind, a.created_at
        """
    }

    static func summary(_ row: Row) -> ArtifactSummary {
        ArtifactSummary(
            id: row["id"], hash: row["hash"], algorithm: row["algorithm"], size: row["size"],
            kind: Artifact.Kind(rawValue: row["kind"]) ?? .file, registeredAt: date(row["created_at"]))
    }

    public func searchArtifacts(_ search: ArtifactSearch, visibleTo viewer: Viewer) async throws -> IDPage<ArtifactSummary> {
        var conditions = [
            "a.id > :after",
            "EXISTS (SELECT 1 FROM lineage_artifacts la WHERE la.artifact_id = a.id AND \(SQLiteStore.visible(lineage: "la.lineage_id", viewer: ":viewer")))",
        ]
        var arguments: [String: (any DatabaseValueConvertible)?] = [
            "viewer": viewer.userID, "after": search.afterID ?? 0, "limit": search.limit + 1,
        ]
        if let prefix = search.digestPrefix {
            // Driven by the digest index (a range), not a scan of artifacts in id order.
            conditions.append(
                """
                (a.hash >= :low AND a.hash < :high OR a.id IN (SELECT d.artifact_id FROM lineage_artifact_digests d
                    WHERE d.digest >= :low AND d.digest < :high AND \(SQLiteStore.visible(lineage: "d.lineage_id", viewer: ":viewer"))))
                """)
            arguments["low"] = prefix.hex
            arguments["high"] = prefix.upperBound
        }
        if let path = search.pathContains {
            // The trigram index narrows the candidates to artifacts once seen at a path
            // containing the text; the edge test below stays the exact (and visible) check.
            if let phrase = SQLiteSchema.trigramPhrase(path) {
                conditions.append(
                    """
                    a.id IN (SELECT ap.artifact_id FROM artifact_paths ap WHERE ap.id IN
                        (SELECT rowid FROM artifact_paths_trigram WHERE artifact_paths_trigram MATCH :pathPhrase) AND instr(ap.path, :path) > 0)
                    """)
                arguments["pathPhrase"] = phrase
            }
            let edge = { (table: String) in
                "EXISTS (SELECT 1 FROM \(table) e JOIN jobs j ON j.id = e.job_id WHERE e.artifact_id = a.id AND instr(e.path, :path) > 0 AND \(SQLiteStore.visible(lineage: "j.lineage_id", viewer: ":viewer")))"
            }
            conditions.append("(\(edge("job_outputs")) OR \(edge("job_inputs")))")
            arguments["path"] = path
        }
        if let label = search.label {
            // Each key as the stored canonical text spells it (non-ASCII as \uXXXX escapes): the
            // SQLite of Debian 12 (3.40) matches path keys against the raw key text, so "🚀"
            // found nothing here while PostgreSQL's jsonb found it.
            arguments["labelPath"] = "$" + label.path.map { "." + CanonicalJSON.string(.string($0)) }.joined()
            var test = "(lb.document -> :labelPath) IS NOT NULL"
            if label.value != nil {
                test = "(lb.document -> :labelPath) IN (:labelQuoted, :labelRaw)"
                arguments["labelQuoted"] = label.acceptedJSONTexts[0]
                arguments["labelRaw"] = label.acceptedJSONTexts[1]
            }
            conditions.append(
                """
                EXISTS (SELECT 1 FROM lineage_artifacts la JOIN lineages pl ON pl.id = la.lineage_id
                    JOIN labels lb ON lb.target_key = 'artifact:' || pl.hash || ':' || a.hash
                    WHERE la.artifact_id = a.id AND \(SQLiteStore.visible(lineage: "la.lineage_id", viewer: ":viewer"))
                      AND lb.version = (SELECT max(x.version) FROM labels x WHERE x.target_key = lb.target_key) AND \(test))
                """)
        }
        if let since = search.since {
            conditions.append("a.created_at >= :since")
            arguments["since"] = since.timeIntervalSince1970
        }
        if let until = search.until {
            conditions.append("a.created_at < :until")
            arguments["until"] = until.timeIntervalSince1970
        }
        let sql =
            "SELECT \(Self.summaryColumns(viewer: ":viewer")) FROM artifacts a WHERE \(conditions.joined(separator: " AND ")) ORDER BY a.id LIMIT :limit"
        let statementArguments = StatementArguments(arguments)
        let fetched = try await read { db in
            try db.cachedRows(sql: sql, arguments: statementArguments).map(Self.summary)
        }
        return IDPage(fetched: fetched, limit: search.limit, id: \.id)
    }

    public func searchJobs(_ search: JobSearch, visibleTo viewer: Viewer) async throws -> IDPage<PublishedJob> {
        var conditions = ["j.id > :after", SQLiteStore.visible(lineage: "l.id", viewer: ":viewer")]
        var arguments: [String: (any DatabaseValueConvertible)?] = [
            "viewer": viewer.userID, "after": search.afterID ?? 0, "limit": search.limit + 1,
        ]
        if let command = search.commandContains {
            if let phrase = SQLiteSchema.trigramPhrase(command) {
                conditions.append("j.id IN (SELECT rowid FROM jobs_command_trigram WHERE jobs_command_trigram MATCH :commandPhrase)")
                arguments["commandPhrase"] = phrase
            }
            conditions.append("instr(j.command, :command) > 0")
            arguments["command"] = command
        }
        if let since = search.since {
            conditions.append("j.timestamp >= :since")
            arguments["since"] = since.timeIntervalSince1970
        }
        if let until = search.until {
            conditions.append("j.timestamp < :until")
            arguments["until"] = until.timeIntervalSince1970
        }
        if let repo = search.repo {
            conditions.append("l.git_repo = :repo")
            arguments["repo"] = repo
        }
        if let commit = search.commitPrefix {
            // Ranges the commit indexes read; a job without its own commit has its lineage's.
            conditions.append(
                """
                (j.git_commit >= :commitLow AND j.git_commit < :commitHigh
                    OR j.git_commit IS NULL AND l.git_commit >= :commitLow AND l.git_commit < :commitHigh)
                """)
            arguments["commitLow"] = commit
            arguments["commitHigh"] = JobSearch.upperBound(ofPrefix: commit)
        }
        let sql = """
            SELECT j.*, l.hash AS lineage_hash FROM jobs j JOIN lineages l ON l.id = j.lineage_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY j.id LIMIT :limit
            """
        let statementArguments = StatementArguments(arguments)
        let fetched = try await read { db in
            try Self.publishedJobs(db, try db.cachedRows(sql: sql, arguments: statementArguments))
        }
        return IDPage(fetched: fetched, limit: search.limit, id: \.id)
    }

    public func job(lineageHash: String, jobUID: String, visibleTo viewer: Viewer) async throws -> PublishedJob? {
        try await read { db in
            let rows = try db.cachedRows(
                sql: """
                    SELECT j.*, l.hash AS lineage_hash FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                    WHERE l.hash = :lineage AND \(SQLiteStore.visible(lineage: "l.id", viewer: ":viewer"))
                      AND (j.job_uid = :uid OR j.id IN (SELECT x.job_id FROM job_aliases x WHERE x.lineage_id = l.id AND x.job_uid = :uid))
                    ORDER BY j.job_uid = :uid DESC LIMIT 1
                    """,
                arguments: ["lineage": lineageHash, "uid": jobUID, "viewer": viewer.userID])
            return try Self.publishedJobs(db, rows).first
        }
    }

    public func terminalDescendants(of artifactHash: String, visibleTo viewer: Viewer, afterID: Int64?, limit: Int) async throws -> IDPage<
        ArtifactSummary
    >? {
        // UNION (not UNION ALL) keeps each artifact once, so cycles end; the database holds the
        // descendant set, the server only a page.
        let fetched = try await read { db -> [ArtifactSummary]? in
            guard let startID = try SQLiteGraphReader(db: db, viewer: viewer).resolve(.artifact(hash: artifactHash))?.1 else { return nil }
            return try db.cachedRows(
                sql: """
                    WITH RECURSIVE down(artifact_id) AS (
                        SELECT :start
                        UNION
                        SELECT o.artifact_id FROM down d
                        JOIN job_inputs i ON i.artifact_id = d.artifact_id
                        JOIN jobs j ON j.id = i.job_id
                        JOIN job_outputs o ON o.job_id = i.job_id
                        WHERE \(SQLiteStore.visible(lineage: "j.lineage_id", viewer: ":viewer"))
                    )
                    SELECT \(Self.summaryColumns(viewer: ":viewer")) FROM down d JOIN artifacts a ON a.id = d.artifact_id
                    WHERE a.id <> :start AND a.id > :after
                      AND NOT EXISTS (SELECT 1 FROM job_inputs i JOIN jobs j ON j.id = i.job_id
                                      WHERE i.artifact_id = a.id AND \(SQLiteStore.visible(lineage: "j.lineage_id", viewer: ":viewer")))
                    ORDER BY a.id LIMIT :limit
                    """,
                arguments: ["start": startID, "after": afterID ?? 0, "limit": limit + 1, "viewer": viewer.userID]
            ).map(Self.summary)
        }
        guard let fetched else { return nil }
        return IDPage(fetched: fetched, limit: limit, id: \.id)
    }

    public func walk(_ request: GraphWalkRequest, visibleTo viewer: Viewer) async throws -> GraphWalkResult? {
        // One read transaction for the whole walk: one snapshot, no scheduling cost per level.
        try await read { db in
            let reader = SQLiteGraphReader(db: db, viewer: viewer)
            guard let start = try reader.resolve(request.start) else { return nil }
            return try GraphWalker.walk(request, from: start, reader: reader, walker: reader.recursiveWalk(request, from: start))
        }
    }

    package func walkLevelByLevel(_ request: GraphWalkRequest, visibleTo viewer: Viewer) async throws -> GraphWalkResult? {
        try await read { db in
            let reader = SQLiteGraphReader(db: db, viewer: viewer)
            guard let start = try reader.resolve(request.start) else { return nil }
            return try GraphWalker.walk(request, from: start, reader: reader)
        }
    }
}
extension SQLiteStore: LevelByLevelWalking {}
