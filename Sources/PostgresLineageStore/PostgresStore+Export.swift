import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    public func lineageHashes(after: String?, limit: Int) async throws -> [String] {
        try await read { connection in
            try await connection.query(
                "SELECT hash FROM lineages WHERE hash > \(after ?? "") ORDER BY hash LIMIT \(limit)", logger: self.logger
            ).collect().map { try $0.decode(String.self) }
        }
    }

    public func lineageHashes(after: String?, limit: Int, visibleTo viewer: Viewer) async throws -> [String] {
        var builder = QueryBuilder()
        let sql = """
            SELECT l.hash FROM lineages l
            WHERE l.hash > \(builder.bind(after ?? "")) AND \(Self.visible(lineage: "l.id", viewer: builder.bind(viewer.userID)))
            ORDER BY l.hash LIMIT \(max(0, limit))
            """
        let query = builder.query(sql)
        return try await read { connection in try await connection.query(query, logger: self.logger).collect().map { try $0.decode(String.self) } }
    }

    public func lineageRecord(hash: String) async throws -> LineageRecord? {
        try await read { connection in
            guard
                let row = try await connection.query(
                    "SELECT \(unescaped: Self.lineageColumns) FROM lineages l WHERE l.hash = \(hash)", logger: self.logger
                ).collect().first
            else { return nil }
            let (lineageID, _, repo, commit, branch, creator, _, created) =
                try row.decode((Int64, String, String?, String?, String?, String, Int32, Double).self)
            let jobs = try await self.publishedJobs(connection, lineageID: lineageID, lineageHash: hash)
            // The lineage's own statements about its artifacts; artifacts it only named on an
            // edge are left to the edges, as they were published.
            var artifacts: [Artifact] = []
            var composites: [Composite] = []
            for row in try await connection.query(
                """
                SELECT a.hash, a.algorithm, la.artifact_id, la.size, la.kind, la.source_type, la.source_url, la.metadata,
                    la.component_count_total, la.membership_index,
                    (SELECT string_agg(x.algorithm || ':' || x.digest, ' ') FROM lineage_artifact_digests x
                        WHERE x.lineage_id = la.lineage_id AND x.artifact_id = la.artifact_id)
                FROM lineage_artifacts la JOIN artifacts a ON a.id = la.artifact_id WHERE la.lineage_id = \(lineageID) AND la.kind IS NOT NULL
                """,
                logger: self.logger
            ).collect() {
                let (artifactHash, algorithm, artifactID, size, kind, sourceType, sourceURL, metadata, total, membership, digests) =
                    try row.decode((String, String, Int64, Int64?, String, String?, String?, String?, Int32?, String?, String?).self)
                let artifact = try Artifact.stored(
                    hash: artifactHash, algorithm: algorithm, size: size, kind: kind, digests: digests,
                    sourceType: sourceType, sourceURL: sourceURL, metadata: metadata)
                artifacts.append(artifact)
                guard let total else { continue }
                composites.append(
                    Composite(
                        artifact: artifact, componentCountTotal: Int(total),
                        components: try await self.components(connection, lineageID: lineageID, artifactID: artifactID), membershipIndex: membership))
            }
            var viewEdges: [String: [ViewEdge]] = [:]
            for row in try await connection.query(
                """
                SELECT j.job_uid, v.relation, a.hash, v.bloom, v.selected_count, v.parent_total FROM view_edges v
                JOIN jobs j ON j.id = v.job_id JOIN artifacts a ON a.id = v.target_artifact_id WHERE j.lineage_id = \(lineageID)
                """,
                logger: self.logger
            ).collect() {
                let (uid, relation, target, bloom, selected, total) = try row.decode((String, String, String, String, Int32?, Int32?).self)
                viewEdges[uid, default: []].append(
                    ViewEdge(
                        relation: relation, targetHash: target, bloom: bloom, selectedCount: selected.map(Int.init), parentTotal: total.map(Int.init))
                )
            }
            let publications = try await self.publications(connection, lineageID: lineageID)
            let labels = try await connection.query(
                """
                SELECT \(unescaped: Self.labelColumns) FROM labels WHERE target_key = \("dag:" + hash)
                UNION ALL SELECT \(unescaped: Self.labelColumns) FROM labels WHERE entity_type = 'job' AND session_hash = \(hash)
                UNION ALL SELECT \(unescaped: Self.labelColumns.split(separator: ",").map { "lb." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                    FROM lineage_artifacts la JOIN artifacts a ON a.id = la.artifact_id
                    JOIN labels lb ON lb.target_key = 'artifact:' || \(hash) || ':' || a.hash WHERE la.lineage_id = \(lineageID)
                """,
                logger: self.logger
            ).collect().map(Self.labelVersion)
            let lineage = Lineage(git: GitContext(repo: repo, commit: commit, branch: branch), creatorIdentity: creator, jobs: jobs.map(\.job))
            return LineageRecord(
                hash: hash, lineage: lineage, createdAt: Date(timeIntervalSince1970: created), artifacts: artifacts,
                composites: composites, viewEdges: viewEdges, publications: publications, labels: labels
            ).normalized()
        }
    }

    public func importLineage(_ record: LineageRecord) async throws -> LineageImportResult {
        let plan = try PublicationPlan(try record.verifiedPublication())
        return try await write { connection in
            let lineage = record.lineage
            guard
                let inserted = try await connection.query(
                    """
                    INSERT INTO lineages (hash, creator_identity, git_repo, git_commit, git_branch, job_count, created_at)
                    VALUES (\(record.hash), \(lineage.creatorIdentity), \(lineage.git.repo), \(lineage.git.commit), \(lineage.git.branch),
                            \(lineage.jobs.count), \(record.createdAt.timeIntervalSince1970))
                    ON CONFLICT (hash) DO NOTHING RETURNING id
                    """,
                    logger: self.logger
                ).collect().first
            else { return .existing }
            let lineageID = try inserted.decode(Int64.self)
            try await self.insertContent(connection, plan: plan, lineageID: lineageID, now: self.now)
            for publication in record.publications {
                try await self.recordPublication(
                    connection, lineageID: lineageID, visibility: publication.visibility, ownerUserID: publication.ownerUserID,
                    projectID: publication.projectID, sessionID: nil, now: publication.createdAt.timeIntervalSince1970)
            }
            for label in record.labels { try await self.insertLabel(connection, label.scoped(toLineage: record.hash), ignoringExisting: true) }
            return .created
        }
    }
}
