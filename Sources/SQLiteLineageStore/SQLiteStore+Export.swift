import Foundation
import GRDB
import LineageModel
import LineageStore

extension SQLiteStore {
    public func lineageHashes(after: String?, limit: Int) async throws -> [String] {
        try await read { db in
            try db.cachedValues(String.self, sql: "SELECT hash FROM lineages WHERE hash > ? ORDER BY hash LIMIT ?", arguments: [after ?? "", limit])
        }
    }

    public func lineageHashes(after: String?, limit: Int, visibleTo viewer: Viewer) async throws -> [String] {
        try await read { db in
            try db.cachedValues(
                String.self,
                sql: "SELECT l.hash FROM lineages l WHERE l.hash > ? AND \(Self.visible(lineage: "l.id", viewer: "?")) ORDER BY l.hash LIMIT ?",
                arguments: [after ?? "", viewer.userID, limit])
        }
    }

    public func lineageRecord(hash: String) async throws -> LineageRecord? {
        try await read { db in
            guard let row = try db.cachedRow(sql: "SELECT * FROM lineages WHERE hash = ?", arguments: [hash]) else { return nil }
            let lineageID: Int64 = row["id"]
            let jobs = try Self.publishedJobs(
                db,
                try db.cachedRows(
                    sql: "SELECT j.*, ? AS lineage_hash FROM jobs j WHERE j.lineage_id = ? ORDER BY j.step_number, j.id",
                    arguments: [hash, lineageID]))
            let lineage = Lineage(
                git: GitContext(repo: row["git_repo"], commit: row["git_commit"], branch: row["git_branch"]),
                creatorIdentity: row["creator_identity"], jobs: jobs.map(\.job))
            // The lineage's own statements about its artifacts (`lineage_artifacts`); artifacts it
            // only named on an edge are left to the edges, as they were published.
            let artifactRows = try db.cachedRows(
                sql: """
                    SELECT a.hash, a.algorithm, la.artifact_id, la.size, la.kind, la.source_type, la.source_url, la.metadata,
                        la.component_count_total, la.membership_index,
                        (SELECT group_concat(x.algorithm || ':' || x.digest, ' ') FROM lineage_artifact_digests x
                            WHERE x.lineage_id = la.lineage_id AND x.artifact_id = la.artifact_id) AS digests
                    FROM lineage_artifacts la JOIN artifacts a ON a.id = la.artifact_id WHERE la.lineage_id = ? AND la.kind IS NOT NULL
                    ORDER BY a.hash
                    """,
                arguments: [lineageID])
            var artifacts: [Artifact] = []
            var composites: [Composite] = []
            for row in artifactRows {
                let artifact = try Artifact.stored(
                    hash: row["hash"], algorithm: row["algorithm"], size: row["size"], kind: row["kind"], digests: row["digests"],
                    sourceType: row["source_type"], sourceURL: row["source_url"], metadata: row["metadata"])
                artifacts.append(artifact)
                guard let total = row["component_count_total"] as Int? else { continue }
                composites.append(
                    Composite(
                        artifact: artifact, componentCountTotal: total,
                        components: try Self.components(db, lineageID: lineageID, artifactID: row["artifact_id"]),
                        membershipIndex: row["membership_index"]))
            }
            var viewEdges: [String: [ViewEdge]] = [:]
            for row in try db.cachedRows(
                sql: """
                    SELECT j.job_uid, v.relation, a.hash, v.bloom, v.selected_count, v.parent_total FROM view_edges v
                    JOIN jobs j ON j.id = v.job_id JOIN artifacts a ON a.id = v.target_artifact_id WHERE j.lineage_id = ?
                    """,
                arguments: [lineageID])
            {
                viewEdges[row["job_uid"], default: []].append(
                    ViewEdge(
                        relation: row["relation"], targetHash: row["hash"], bloom: row["bloom"], selectedCount: row["selected_count"],
                        parentTotal: row["parent_total"]))
            }
            let publications = try Self.publications(db, lineageID: lineageID)
            // Keys: dag:H, job:H:uid (a range of the unique index), artifact:H:A for A in the lineage.
            let labels = try db.cachedRows(
                sql: """
                    SELECT * FROM labels WHERE target_key = 'dag:' || :hash
                    UNION ALL SELECT * FROM labels WHERE target_key >= 'job:' || :hash || ':' AND target_key < 'job:' || :hash || ';'
                    UNION ALL SELECT lb.* FROM lineage_artifacts la JOIN artifacts a ON a.id = la.artifact_id
                        JOIN labels lb ON lb.target_key = 'artifact:' || :hash || ':' || a.hash WHERE la.lineage_id = :id
                    """,
                arguments: ["hash": hash, "id": lineageID]
            ).map(Self.labelVersion)
            return LineageRecord(
                hash: hash, lineage: lineage, createdAt: Self.date(row["created_at"]), artifacts: artifacts, composites: composites,
                viewEdges: viewEdges, publications: publications, labels: labels
            ).normalized()
        }
    }

    public func importLineage(_ record: LineageRecord) async throws -> LineageImportResult {
        let plan = try PublicationPlan(try record.verifiedPublication())
        let now = self.now
        return try await write { db in
            guard let lineageID = try Self.insertLineage(db, hash: record.hash, lineage: record.lineage, at: record.createdAt.timeIntervalSince1970)
            else { return .existing }
            try Self.insertContent(db, plan: plan, lineageID: lineageID, now: now)
            for publication in record.publications {
                try Self.recordPublication(
                    db, lineageID: lineageID, visibility: publication.visibility, ownerUserID: publication.ownerUserID,
                    projectID: publication.projectID, sessionID: nil, now: publication.createdAt.timeIntervalSince1970)
            }
            for label in record.labels { try Self.insertLabel(db, label.scoped(toLineage: record.hash), ignoringExisting: true) }
            return .created
        }
    }
}
