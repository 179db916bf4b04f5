import Foundation
import GRDB
import LineageModel
import LineageStore

extension SQLiteStore {
    public func artifacts(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [ArtifactInfo] {
        try await readNow { db in
            var seen = Set<Int64>()
            return try db.cachedRows(sql: Self.artifactLookupSQL, arguments: [viewer.userID, prefix.hex, prefix.upperBound, limit * 2])
                .filter { seen.insert($0["id"]).inserted }
                .prefix(limit)
                .map { try Self.artifactInfo(db, $0, viewer: viewer) }
        }
    }

    /// A read outside an explicit transaction, for point lookups: the statement sees a
    /// consistent snapshot of its own (SQLite's autocommit), and a BEGIN/COMMIT pair around it
    /// would cost more than the lookup. Like every read here it runs on a reader connection's
    /// queue and awaits it: a cooperative thread waiting for a free reader could wait for good
    /// (every thread of the pool waiting so hung the server under 8 clients).
    func readNow<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await mapped { try await self.pool.unsafeRead(body) }
    }

    /// The artifacts with a digest in [?2, ?3) that viewer ?1 (NULL: anonymous) can see: by
    /// canonical digest, or by an alias digest a visible lineage gave. The facts come after
    /// (`claims`). No DISTINCT (a temporary B-tree per query): an artifact matched twice is
    /// dropped later.
    static let artifactLookupSQL = """
        WITH viewer(id) AS (SELECT ?1),
        matches(artifact_id) AS (
            SELECT a.id FROM artifacts a WHERE a.hash >= ?2 AND a.hash < ?3
            UNION ALL
            SELECT d.artifact_id FROM lineage_artifact_digests d
            WHERE d.digest >= ?2 AND d.digest < ?3 AND \(visible(lineage: "d.lineage_id", viewer: "(SELECT id FROM viewer)"))
        )
        SELECT a.id, a.hash, a.algorithm, a.created_at,
            o.lineage_id AS original_id,
            (SELECT l.hash FROM lineages l WHERE l.id = o.lineage_id) AS original_hash,
            EXISTS (SELECT 1 FROM lineage_artifacts la JOIN publications p ON p.lineage_id = la.lineage_id
                    WHERE la.artifact_id = a.id AND p.visibility = 'public') AS is_public,
            (SELECT p.owner_user_id FROM publications p
                WHERE p.lineage_id = o.lineage_id AND p.owner_user_id IS NOT NULL
                  AND (p.owner_user_id = (SELECT id FROM viewer) OR p.visibility = 'public')
                ORDER BY (p.owner_user_id = (SELECT id FROM viewer)) DESC, p.id LIMIT 1) AS owner_id
        FROM matches m
        JOIN artifacts a ON a.id = m.artifact_id
        JOIN (SELECT la.artifact_id, la.lineage_id FROM lineage_artifacts la) o
            ON o.artifact_id = a.id AND o.lineage_id = (
                SELECT la.lineage_id FROM lineage_artifacts la WHERE la.artifact_id = a.id
                  AND \(visible(lineage: "la.lineage_id", viewer: "(SELECT id FROM viewer)"))
                ORDER BY la.lineage_id LIMIT 1)
        LIMIT ?4
        """

    static func artifactInfo(_ db: Database, _ row: Row, viewer: Viewer) throws -> ArtifactInfo {
        let id: Int64 = row["id"]
        let hash: String = row["hash"]
        var ownerName: String?
        if let ownerID = row["owner_id"] as String? {
            ownerName = try db.cachedValue(String.self, sql: "SELECT name FROM users WHERE id = ?", arguments: [ownerID])
        }
        let claims = try claims(db, artifactID: id, viewer: viewer)
        let facts = try ArtifactFacts(canonical: try Digest(algorithm: row["algorithm"], hex: hash), claims: claims)
        return ArtifactInfo(
            id: id, artifact: facts.artifact, registeredAt: date(row["created_at"]), originalLineageHash: row["original_hash"],
            visibility: (row["is_public"] as Bool? ?? false) ? .public : .private, ownerName: ownerName, ownerID: row["owner_id"],
            componentCount: facts.componentCount, labels: try artifactLabels(db, artifactID: id, hash: hash, viewer: viewer), claims: claims,
            conflicts: facts.conflicts)
    }

    public func lineage(hash: String, visibleTo viewer: Viewer) async throws -> LineageInfo? {
        try await read { db in
            try db.cachedRow(
                sql: "SELECT * FROM lineages l WHERE l.hash = ? AND \(Self.visible(lineage: "l.id", viewer: "?"))", arguments: [hash, viewer.userID]
            )
            .map { try Self.lineageInfo(db, $0, viewer: viewer) }
        }
    }

    public func lineages(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [LineageInfo] {
        try await read { db in
            try db.cachedRows(
                sql:
                    "SELECT * FROM lineages l WHERE l.hash >= ? AND l.hash < ? AND \(Self.visible(lineage: "l.id", viewer: "?")) ORDER BY l.hash LIMIT ?",
                arguments: [prefix.hex, prefix.upperBound, viewer.userID, limit]
            ).map { try Self.lineageInfo(db, $0, viewer: viewer) }
        }
    }

    public func recentLineages(_ listing: LineageListing, visibleTo viewer: Viewer) async throws -> (lineages: [LineageInfo], total: Int) {
        try await read { db in
            // Signed-in users list their own and their projects' lineages; anonymous readers list
            // public lineages.
            var conditions = [
                viewer.userID == nil
                    ? "EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = l.id AND p.visibility = 'public')"
                    : Self.editable(lineage: "l.id", viewer: ":viewer")
            ]
            var arguments: [String: (any DatabaseValueConvertible)?] = [:]
            if let user = viewer.userID { arguments["viewer"] = user }
            if let since = listing.since {
                conditions.append("l.created_at >= :since")
                arguments["since"] = since.timeIntervalSince1970
            }
            if let until = listing.until {
                conditions.append("l.created_at < :until")
                arguments["until"] = until.timeIntervalSince1970
            }
            let window = conditions.joined(separator: " AND ")
            let total =
                try db.cachedValue(Int.self, sql: "SELECT count(*) FROM lineages l WHERE \(window)", arguments: StatementArguments(arguments)) ?? 0
            arguments["before"] = listing.beforeID ?? Int64.max
            arguments["limit"] = max(0, listing.limit)
            let rows = try db.cachedRows(
                sql: "SELECT * FROM lineages l WHERE l.id < :before AND \(window) ORDER BY l.id DESC LIMIT :limit",
                arguments: StatementArguments(arguments))
            return (try rows.map { try Self.lineageInfo(db, $0, viewer: viewer) }, total)
        }
    }

    /// A lineage's header from its row, with its visibility and owner as `PublicationVisibility`
    /// decides them from its publications.
    static func lineageInfo(_ db: Database, _ row: Row, viewer: Viewer) throws -> LineageInfo {
        let id: Int64 = row["id"]
        let publications = try publications(db, lineageID: id)
        let ownerID = PublicationVisibility.attributedOwner(publications, viewer: viewer)
        let ownerName = try ownerID.flatMap { try db.cachedValue(String.self, sql: "SELECT name FROM users WHERE id = ?", arguments: [$0]) }
        return LineageInfo(
            id: id, hash: row["hash"], git: GitContext(repo: row["git_repo"], commit: row["git_commit"], branch: row["git_branch"]),
            creatorIdentity: row["creator_identity"], jobCount: row["job_count"], createdAt: date(row["created_at"]),
            visibility: PublicationVisibility.visibility(of: publications), ownerID: ownerID, ownerName: ownerName)
    }

    public func jobs(inLineage hash: String) async throws -> [PublishedJob] {
        try await read { db in
            let rows = try db.cachedRows(
                sql:
                    "SELECT j.*, l.hash AS lineage_hash FROM jobs j JOIN lineages l ON l.id = j.lineage_id WHERE l.hash = ? ORDER BY j.step_number, j.id",
                arguments: [hash])
            return try Self.publishedJobs(db, rows)
        }
    }

    public func jobs(touching artifactHash: String, direction: EdgeDirection, visibleTo viewer: Viewer, limit: Int) async throws -> [PublishedJob] {
        let edgeTable = direction == .output ? "job_outputs" : "job_inputs"
        return try await read { db in
            let rows = try db.cachedRows(
                sql: """
                    SELECT j.*, l.hash AS lineage_hash FROM artifacts a
                    JOIN \(edgeTable) e ON e.artifact_id = a.id
                    JOIN jobs j ON j.id = e.job_id
                    JOIN lineages l ON l.id = j.lineage_id
                    WHERE a.hash = ? AND \(Self.visible(lineage: "l.id", viewer: "?"))
                    ORDER BY j.id DESC LIMIT ?
                    """,
                arguments: [artifactHash, viewer.userID, limit])
            return try Self.publishedJobs(db, rows)
        }
    }

    public func upstreamJobs(of artifactHash: String, inLineage hash: String) async throws -> [PublishedJob] {
        try await read { db in
            guard let lineageID = try db.cachedValue(Int64.self, sql: "SELECT id FROM lineages WHERE hash = ?", arguments: [hash]),
                let artifactID = try db.cachedValue(Int64.self, sql: "SELECT id FROM artifacts WHERE hash = ?", arguments: [artifactHash])
            else { return [] }
            // UNION (not UNION ALL) visits each job once, so cycles end.
            let rows = try db.cachedRows(
                sql: """
                    WITH RECURSIVE upstream(job_id) AS (
                        SELECT o.job_id FROM job_outputs o JOIN jobs j ON j.id = o.job_id
                        WHERE o.artifact_id = :artifact AND j.lineage_id = :lineage
                        UNION
                        SELECT o.job_id FROM upstream u
                        JOIN job_inputs i ON i.job_id = u.job_id
                        JOIN job_outputs o ON o.artifact_id = i.artifact_id
                        JOIN jobs j ON j.id = o.job_id AND j.lineage_id = :lineage
                    )
                    SELECT j.*, l.hash AS lineage_hash FROM upstream u
                    JOIN jobs j ON j.id = u.job_id JOIN lineages l ON l.id = j.lineage_id
                    ORDER BY j.step_number, j.id
                    """,
                arguments: ["artifact": artifactID, "lineage": lineageID])
            return try Self.publishedJobs(db, rows)
        }
    }

    public func components(ofComposite artifactHash: String, visibleTo viewer: Viewer) async throws -> [Composite.Component] {
        try await read { db in
            // The list of the highest-ranked visible lineage that gave one.
            guard
                let row = try db.cachedRow(
                    sql: """
                        SELECT la.lineage_id, la.artifact_id FROM artifacts a JOIN lineage_artifacts la ON la.artifact_id = a.id
                        JOIN lineages pl ON pl.id = la.lineage_id
                        WHERE a.hash = ? AND la.component_count_total IS NOT NULL AND \(Self.visible(lineage: "la.lineage_id", viewer: "?"))
                        ORDER BY \(Self.claimOrder) LIMIT 1
                        """,
                    arguments: [artifactHash, viewer.userID])
            else { return [] }
            return try Self.components(db, lineageID: row["lineage_id"], artifactID: row["artifact_id"])
        }
    }

    static func component(_ row: Row) -> Composite.Component {
        Composite.Component(
            relativePath: row["relative_path"], leafKind: row["leaf_kind"], algorithm: row["component_algorithm"], digest: row["component_digest"],
            size: row["component_size"], type: row["component_type"])
    }

    public func isOwner(_ viewer: Viewer, ofLineage hash: String) async throws -> Bool {
        guard let userID = viewer.userID else { return false }
        return try await read { db in
            try db.cachedValue(
                Bool.self,
                sql: "SELECT 1 FROM lineages l WHERE l.hash = ? AND \(Self.editable(lineage: "l.id", viewer: "?"))",
                arguments: [hash, userID]) ?? false
        }
    }

    public func resolveJobUID(_ uid: String, inLineage hash: String) async throws -> String? {
        try await read { db in
            try db.cachedValue(
                String.self,
                sql: """
                    SELECT j.job_uid FROM jobs j JOIN lineages l ON l.id = j.lineage_id WHERE l.hash = :lineage AND j.job_uid = :uid
                    UNION ALL
                    SELECT j.job_uid FROM job_aliases a JOIN lineages l ON l.id = a.lineage_id JOIN jobs j ON j.id = a.job_id
                    WHERE l.hash = :lineage AND a.job_uid = :uid
                    LIMIT 1
                    """,
                arguments: ["lineage": hash, "uid": uid])
        }
    }

    public func containsArtifact(_ artifactHash: String, inLineage hash: String) async throws -> Bool {
        try await read { db in
            try db.cachedValue(
                Bool.self,
                sql: """
                    SELECT 1 FROM lineage_artifacts la JOIN lineages l ON l.id = la.lineage_id JOIN artifacts a ON a.id = la.artifact_id
                    WHERE l.hash = ? AND a.hash = ?
                    """,
                arguments: [hash, artifactHash]) ?? false
        }
    }

    public func lineageHashes(containing artifactHash: String, visibleTo viewer: Viewer, limit: Int) async throws -> [String] {
        try await read { db in
            try db.cachedValues(
                String.self,
                sql: """
                    SELECT l.hash FROM artifacts a JOIN lineage_artifacts la ON la.artifact_id = a.id JOIN lineages l ON l.id = la.lineage_id
                    WHERE a.hash = ? AND \(Self.visible(lineage: "l.id", viewer: "?")) ORDER BY l.id LIMIT ?
                    """,
                arguments: [artifactHash, viewer.userID, limit])
        }
    }

    /// Jobs from rows of `jobs` (plus `lineage_hash`), with their edges.
    static func publishedJobs(_ db: Database, _ rows: [Row]) throws -> [PublishedJob] {
        guard !rows.isEmpty else { return [] }
        let ids: [Int64] = rows.map { $0["id"] }
        var inputs: [Int64: [ArtifactRef]] = [:]
        var outputs: [Int64: [ArtifactRef]] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let placeholders = chunk.map { _ in "?" }.joined(separator: ",")
            for (table, target) in [("job_inputs", 0), ("job_outputs", 1)] {
                let edgeRows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.job_id, a.hash, e.path, e.size, e.byte_ranges FROM \(table) e JOIN artifacts a ON a.id = e.artifact_id
                        WHERE e.job_id IN (\(placeholders)) ORDER BY e.job_id, e.path, a.hash
                        """,
                    arguments: StatementArguments(chunk))
                for edge in edgeRows {
                    let ref = ArtifactRef(
                        hash: edge["hash"], path: edge["path"], size: edge["size"], byteRanges: StoredJSON.decodeByteRanges(edge["byte_ranges"]))
                    if target == 0 { inputs[edge["job_id"], default: []].append(ref) } else { outputs[edge["job_id"], default: []].append(ref) }
                }
            }
        }
        return rows.map { row in
            let id: Int64 = row["id"]
            let job = Job(
                jobUID: row["job_uid"], command: row["command"], timestamp: row["timestamp"], gitCommit: row["git_commit"],
                gitBranch: row["git_branch"], durationSeconds: row["duration_seconds"], exitCode: row["exit_code"],
                jobType: row["job_type"], stepNumber: row["step_number"], parentJobUID: row["parent_job_uid"], metadata: row["metadata"],
                inputs: inputs[id] ?? [], outputs: outputs[id] ?? [])
            return PublishedJob(id: id, lineageHash: row["lineage_hash"], job: job)
        }
    }
}
