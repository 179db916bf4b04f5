import Foundation
import LineageModel
import LineageStore
import PostgresNIO

/// The PostgreSQL store's answers to `GraphWalker`, for one viewer; id lists travel as one
/// `bigint[]` parameter (`= ANY`).
struct PostgresGraphSource: GraphWalkSource {
    let store: PostgresStore
    let viewer: Viewer

    func resolve(_ node: GraphNode) async throws -> (GraphNodeKind, Int64)? {
        var builder = QueryBuilder()
        let viewerParameter = builder.bind(viewer.userID)
        let kind: GraphNodeKind
        let query: PostgresQuery
        switch node {
        case .artifact(let hash):
            kind = .artifact
            let sql = """
                SELECT a.id FROM artifacts a WHERE a.hash = \(builder.bind(hash)) AND EXISTS (SELECT 1 FROM lineage_artifacts la
                    WHERE la.artifact_id = a.id AND \(PostgresStore.visible(lineage: "la.lineage_id", viewer: viewerParameter)))
                """
            query = builder.query(sql)
        case .job(let lineageHash, let jobUID):
            kind = .job
            let uid = builder.bind(jobUID)
            let sql = """
                SELECT j.id FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                WHERE l.hash = \(builder.bind(lineageHash)) AND \(PostgresStore.visible(lineage: "l.id", viewer: viewerParameter))
                  AND (j.job_uid = \(uid) OR j.id IN (SELECT x.job_id FROM job_aliases x WHERE x.lineage_id = l.id AND x.job_uid = \(uid)))
                ORDER BY (j.job_uid = \(uid)) DESC LIMIT 1
                """
            query = builder.query(sql)
        }
        return try await store.read { connection in
            try await connection.query(query, logger: self.store.logger).collect().first.map { (kind, try $0.decode(Int64.self)) }
        }
    }

    func answer(_ query: GraphWalkQuery) async throws -> GraphWalkAnswer {
        switch query {
        case .neighbours(let ids, let from, let direction, let limit):
            return .ids(try await neighbours(of: ids, from: from, direction: direction, limit: limit))
        case .artifactNodes(let ids): return .artifacts(try await artifactNodes(ids))
        case .jobNodes(let ids): return .jobs(try await jobNodes(ids))
        case .edges(let jobIDs, let artifactIDs, let limit): return .edges(try await edges(jobIDs: jobIDs, artifactIDs: artifactIDs, limit: limit))
        }
    }

    func neighbours(of ids: [Int64], from: GraphNodeKind, direction: WalkDirection, limit: Int) async throws -> [Int64] {
        var builder = QueryBuilder()
        let idsParameter = builder.bind(ids)
        let query: PostgresQuery
        switch from {
        case .artifact:
            // Artifact → job: its consumers going down, its producers going up.
            let table = direction == .downstream ? "job_inputs" : "job_outputs"
            let sql = """
                SELECT DISTINCT e.job_id FROM \(table) e JOIN jobs j ON j.id = e.job_id
                WHERE e.artifact_id = ANY(\(idsParameter)) AND \(PostgresStore.visible(lineage: "j.lineage_id", viewer: builder.bind(viewer.userID)))
                ORDER BY e.job_id LIMIT \(limit)
                """
            query = builder.query(sql)
        case .job:
            // Job → artifact: its outputs going down, its inputs going up (the job is visible).
            let table = direction == .downstream ? "job_outputs" : "job_inputs"
            let sql = "SELECT DISTINCT e.artifact_id FROM \(table) e WHERE e.job_id = ANY(\(idsParameter)) ORDER BY e.artifact_id LIMIT \(limit)"
            query = builder.query(sql)
        }
        return try await store.read { connection in
            try await connection.query(query, logger: self.store.logger).collect().map { try $0.decode(Int64.self) }
        }
    }

    func artifactNodes(_ ids: [Int64]) async throws -> [WalkArtifact] {
        var builder = QueryBuilder()
        let viewerParameter = builder.bind(viewer.userID)
        let sql = """
            SELECT a.id, a.hash, coalesce(\(PostgresStore.preferredFact("size", artifact: "a.id", viewer: viewerParameter)), 0),
                coalesce(\(PostgresStore.preferredFact("kind", artifact: "a.id", viewer: viewerParameter)), 'file')
            FROM artifacts a WHERE a.id = ANY(\(builder.bind(ids)))
            """
        let query = builder.query(sql)
        return try await store.read { connection in
            try await connection.query(query, logger: self.store.logger).collect().map { row in
                let (id, hash, size, kind) = try row.decode((Int64, String, Int64, String).self)
                return WalkArtifact(id: id, hash: hash, size: size, kind: Artifact.Kind(rawValue: kind) ?? .file, depth: 0)
            }
        }
    }

    func jobNodes(_ ids: [Int64]) async throws -> [WalkJob] {
        try await store.read { connection in
            try await connection.query(
                """
                SELECT j.id, l.hash, j.job_uid, j.command, j.step_number, j.timestamp FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                WHERE j.id = ANY(\(ids))
                """,
                logger: self.store.logger
            ).collect().map { row in
                let (id, hash, uid, command, step, timestamp) = try row.decode((Int64, String, String, String?, Int32, Double?).self)
                return WalkJob(id: id, lineageHash: hash, jobUID: uid, command: command, stepNumber: Int(step), timestamp: timestamp, depth: 0)
            }
        }
    }

    func edges(jobIDs: [Int64], artifactIDs: [Int64], limit: Int) async throws -> [WalkEdge] {
        // The artifact list filters the rows the job list finds (`+ 0` keeps it out of the
        // index condition, which would otherwise probe every (job, artifact) pair).
        try await store.read { connection in
            try await connection.query(
                """
                SELECT job_id, artifact_id, 'input' AS direction FROM job_inputs WHERE job_id = ANY(\(jobIDs)) AND artifact_id + 0 = ANY(\(artifactIDs))
                UNION ALL
                SELECT job_id, artifact_id, 'output' FROM job_outputs WHERE job_id = ANY(\(jobIDs)) AND artifact_id + 0 = ANY(\(artifactIDs))
                ORDER BY 1, 2, 3 LIMIT \(limit)
                """,
                logger: self.store.logger
            ).collect().map { row in
                let (job, artifact, direction) = try row.decode((Int64, Int64, String).self)
                return WalkEdge(jobID: job, artifactID: artifact, direction: EdgeDirection(rawValue: direction) ?? .input)
            }
        }
    }
}
