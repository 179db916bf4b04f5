import Foundation
import GRDB
import LineageModel

extension SQLiteLineageStore {
    /// SQL that is true when lineage `lineageColumn` has a publication the viewer may see; binds
    /// one argument, the viewer's user id (NULL for anonymous).
    static func visible(_ lineageColumn: String) -> String {
        "EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = \(lineageColumn) AND (p.visibility = 'public' OR p.owner_user_id = ?))"
    }

    public func artifacts(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [ArtifactInfo] {
        try await pool.read { db in
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT d.artifact_id FROM artifact_digests d
                    WHERE d.digest >= ? AND d.digest < ?
                      AND EXISTS (SELECT 1 FROM lineage_artifacts la WHERE la.artifact_id = d.artifact_id AND \(Self.visible("la.lineage_id")))
                    LIMIT ?
                    """,
                arguments: [prefix.hex, prefix.upperBound, viewer.userID, limit])
            return try ids.compactMap { try Self.artifactInfo(db, id: $0, viewer: viewer) }
        }
    }

    static func artifactInfo(_ db: Database, id: Int64, viewer: Viewer) throws -> ArtifactInfo? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM artifacts WHERE id = ?", arguments: [id]) else { return nil }
        let hash: String = row["hash"]
        let digests = try Row.fetchAll(db, sql: "SELECT digest, algorithm FROM artifact_digests WHERE artifact_id = ?", arguments: [id])
            .compactMap { try? Digest(algorithm: $0["algorithm"], hex: $0["digest"]) }
            .sorted { lhs, _ in lhs.hex == hash }
        let visibleAppearance = "FROM lineage_artifacts la JOIN lineages l ON l.id = la.lineage_id WHERE la.artifact_id = ? AND \(visible("la.lineage_id"))"
        guard let original = try Row.fetchOne(db, sql: "SELECT l.id, l.hash \(visibleAppearance) ORDER BY la.lineage_id LIMIT 1", arguments: [id, viewer.userID]) else {
            return nil
        }
        let source = try Row.fetchOne(
            db, sql: "SELECT la.source_type, la.source_url \(visibleAppearance) AND la.source_url IS NOT NULL ORDER BY la.lineage_id DESC LIMIT 1",
            arguments: [id, viewer.userID])
        let metadata = try String.fetchOne(
            db, sql: "SELECT la.metadata \(visibleAppearance) AND la.metadata IS NOT NULL ORDER BY la.lineage_id DESC LIMIT 1",
            arguments: [id, viewer.userID])
        let isPublic = try Bool.fetchOne(
            db,
            sql: """
                SELECT 1 FROM lineage_artifacts la JOIN publications p ON p.lineage_id = la.lineage_id
                WHERE la.artifact_id = ? AND p.visibility = 'public' LIMIT 1
                """,
            arguments: [id]) ?? false
        let owner = try publicationOwner(db, lineageID: original["id"], viewer: viewer)
        let artifact = try Artifact(
            digests: digests.isEmpty ? [try Digest(algorithm: row["algorithm"], hex: hash)] : digests,
            size: row["size"], kind: Artifact.Kind(rawValue: row["kind"]) ?? .file,
            sourceType: source?["source_type"], sourceURL: source?["source_url"], metadata: metadata)
        let componentCount = try Int.fetchOne(db, sql: "SELECT component_count_total FROM composites WHERE artifact_id = ?", arguments: [id])
        return ArtifactInfo(
            id: id, artifact: artifact, registeredAt: date(row["created_at"]), originalLineageHash: original["hash"],
            visibility: isPublic ? .public : .private, ownerName: owner?.name, ownerID: owner?.id, componentCount: componentCount)
    }

    /// The user a lineage is attributed to: the viewer when they own a publication, else the
    /// owner of its first public publication.
    static func publicationOwner(_ db: Database, lineageID: Int64, viewer: Viewer) throws -> (id: String, name: String)? {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT u.id, u.name FROM publications p JOIN users u ON u.id = p.owner_user_id
                WHERE p.lineage_id = ? AND (p.owner_user_id = ? OR p.visibility = 'public')
                ORDER BY (p.owner_user_id = ?) DESC, p.id LIMIT 1
                """,
            arguments: [lineageID, viewer.userID, viewer.userID])
        return row.map { ($0["id"], $0["name"]) }
    }

    public func lineage(hash: String, visibleTo viewer: Viewer) async throws -> LineageInfo? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM lineages l WHERE l.hash = ? AND \(Self.visible("l.id"))", arguments: [hash, viewer.userID])
                .map { try Self.lineageInfo(db, $0, viewer: viewer) }
        }
    }

    public func lineages(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [LineageInfo] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM lineages l WHERE l.hash >= ? AND l.hash < ? AND \(Self.visible("l.id")) ORDER BY l.hash LIMIT ?",
                arguments: [prefix.hex, prefix.upperBound, viewer.userID, limit]
            ).map { try Self.lineageInfo(db, $0, viewer: viewer) }
        }
    }

    public func recentLineages(visibleTo viewer: Viewer, limit: Int) async throws -> (lineages: [LineageInfo], total: Int) {
        try await pool.read { db in
            // Signed-in users list what they published; anonymous readers list public lineages.
            let condition = viewer.userID == nil
                ? "EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = l.id AND p.visibility = 'public')"
                : "EXISTS (SELECT 1 FROM publications p WHERE p.lineage_id = l.id AND p.owner_user_id = ?)"
            let arguments: StatementArguments = viewer.userID.map { [$0] } ?? []
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM lineages l WHERE \(condition)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM lineages l WHERE \(condition) ORDER BY l.id DESC LIMIT ?", arguments: arguments + [limit])
            return (try rows.map { try Self.lineageInfo(db, $0, viewer: viewer) }, total)
        }
    }

    static func lineageInfo(_ db: Database, _ row: Row, viewer: Viewer) throws -> LineageInfo {
        let id: Int64 = row["id"]
        let isPublic = try Bool.fetchOne(db, sql: "SELECT 1 FROM publications WHERE lineage_id = ? AND visibility = 'public' LIMIT 1", arguments: [id]) ?? false
        let owner = try publicationOwner(db, lineageID: id, viewer: viewer)
        return LineageInfo(
            id: id, hash: row["hash"], git: GitContext(repo: row["git_repo"], commit: row["git_commit"], branch: row["git_branch"]),
            creatorIdentity: row["creator_identity"], jobCount: row["job_count"], createdAt: date(row["created_at"]),
            visibility: isPublic ? .public : .private, ownerID: owner?.id, ownerName: owner?.name)
    }

    public func jobs(inLineage hash: String) async throws -> [PublishedJob] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT j.*, l.hash AS lineage_hash FROM jobs j JOIN lineages l ON l.id = j.lineage_id WHERE l.hash = ? ORDER BY j.step_number, j.id",
                arguments: [hash])
            return try Self.publishedJobs(db, rows)
        }
    }

    public func jobs(touching artifactHash: String, direction: EdgeDirection, visibleTo viewer: Viewer, limit: Int) async throws -> [PublishedJob] {
        let edgeTable = direction == .output ? "job_outputs" : "job_inputs"
        return try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT j.*, l.hash AS lineage_hash FROM artifacts a
                    JOIN \(edgeTable) e ON e.artifact_id = a.id
                    JOIN jobs j ON j.id = e.job_id
                    JOIN lineages l ON l.id = j.lineage_id
                    WHERE a.hash = ? AND \(Self.visible("l.id"))
                    ORDER BY j.id DESC LIMIT ?
                    """,
                arguments: [artifactHash, viewer.userID, limit])
            return try Self.publishedJobs(db, rows)
        }
    }

    public func upstreamJobs(of artifactHash: String, inLineage hash: String) async throws -> [PublishedJob] {
        try await pool.read { db in
            guard let lineageID = try Int64.fetchOne(db, sql: "SELECT id FROM lineages WHERE hash = ?", arguments: [hash]),
                let artifactID = try Int64.fetchOne(db, sql: "SELECT id FROM artifacts WHERE hash = ?", arguments: [artifactHash])
            else { return [] }
            // UNION (not UNION ALL) visits each job once, so cycles end.
            let rows = try Row.fetchAll(
                db,
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

    public func components(ofComposite artifactHash: String) async throws -> [Composite.Component] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.* FROM composite_components c JOIN artifacts a ON a.id = c.artifact_id
                    WHERE a.hash = ? ORDER BY c.position
                    """,
                arguments: [artifactHash]
            ).map {
                Composite.Component(
                    relativePath: $0["relative_path"], leafKind: $0["leaf_kind"], algorithm: $0["component_algorithm"],
                    digest: $0["component_digest"], size: $0["component_size"], type: $0["component_type"])
            }
        }
    }

    public func isOwner(_ viewer: Viewer, ofLineage hash: String) async throws -> Bool {
        guard let userID = viewer.userID else { return false }
        return try await pool.read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM publications p JOIN lineages l ON l.id = p.lineage_id WHERE l.hash = ? AND p.owner_user_id = ? LIMIT 1",
                arguments: [hash, userID]) ?? false
        }
    }

    public func resolveJobUID(_ uid: String, inLineage hash: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db,
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
        try await pool.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT 1 FROM lineage_artifacts la JOIN lineages l ON l.id = la.lineage_id JOIN artifacts a ON a.id = la.artifact_id
                    WHERE l.hash = ? AND a.hash = ?
                    """,
                arguments: [hash, artifactHash]) ?? false
        }
    }

    public func lineageHashes(containing artifactHash: String, visibleTo viewer: Viewer, limit: Int) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT l.hash FROM artifacts a JOIN lineage_artifacts la ON la.artifact_id = a.id JOIN lineages l ON l.id = la.lineage_id
                    WHERE a.hash = ? AND \(Self.visible("l.id")) ORDER BY l.id LIMIT ?
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
                    let ref = ArtifactRef(hash: edge["hash"], path: edge["path"], size: edge["size"], byteRanges: StoredJSON.decodeByteRanges(edge["byte_ranges"]))
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
