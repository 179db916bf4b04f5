import Foundation
import GRDB
import LineageModel
import LineageStore

/// The SQLite store's answers to `GraphWalker`, for one viewer, inside one read transaction.
/// Id lists travel as one JSON array argument (`json_each`), so a statement has a fixed text
/// whatever their length.
struct SQLiteGraphReader: GraphWalkReader {
    let db: Database
    let viewer: Viewer

    static func list(_ ids: [Int64]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }

    func resolve(_ node: GraphNode) throws -> (GraphNodeKind, Int64)? {
        switch node {
        case .artifact(let hash):
            return try db.cachedValue(
                Int64.self,
                sql: """
                    SELECT a.id FROM artifacts a WHERE a.hash = :hash AND EXISTS (SELECT 1 FROM lineage_artifacts la
                        WHERE la.artifact_id = a.id AND \(SQLiteStore.visible(lineage: "la.lineage_id", viewer: ":viewer")))
                    """,
                arguments: ["hash": hash, "viewer": viewer.userID]
            ).map { (GraphNodeKind.artifact, $0) }
        case .job(let lineageHash, let jobUID):
            return try db.cachedValue(
                Int64.self,
                sql: """
                    SELECT j.id FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                    WHERE l.hash = :lineage AND \(SQLiteStore.visible(lineage: "l.id", viewer: ":viewer"))
                      AND (j.job_uid = :uid OR j.id IN (SELECT x.job_id FROM job_aliases x WHERE x.lineage_id = l.id AND x.job_uid = :uid))
                    ORDER BY j.job_uid = :uid DESC LIMIT 1
                    """,
                arguments: ["lineage": lineageHash, "uid": jobUID, "viewer": viewer.userID]
            ).map { (GraphNodeKind.job, $0) }
        }
    }

    func answer(_ query: GraphWalkQuery) throws -> GraphWalkAnswer {
        switch query {
        case .neighbours(let ids, let from, let direction, let limit):
            return .ids(try neighbours(of: ids, from: from, direction: direction, limit: limit))
        case .artifactNodes(let ids):
            return .artifacts(
                try db.cachedRows(
                    sql: """
                        SELECT a.id, a.hash, coalesce(\(SQLiteStore.preferredFact("size", artifact: "a.id", viewer: "?2")), 0) AS size,
                            coalesce(\(SQLiteStore.preferredFact("kind", artifact: "a.id", viewer: "?2")), 'file') AS kind
                        FROM artifacts a WHERE a.id IN (SELECT value FROM json_each(?1))
                        """,
                    arguments: [Self.list(ids), viewer.userID]
                )
                .map { WalkArtifact(id: $0["id"], hash: $0["hash"], size: $0["size"], kind: Artifact.Kind(rawValue: $0["kind"]) ?? .file, depth: 0) })
        case .jobNodes(let ids):
            return .jobs(
                try db.cachedRows(
                    sql: """
                        SELECT j.id, l.hash, j.job_uid, j.command, j.step_number, j.timestamp FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                        WHERE j.id IN (SELECT value FROM json_each(?))
                        """,
                    arguments: [Self.list(ids)]
                ).map {
                    WalkJob(
                        id: $0["id"], lineageHash: $0["hash"], jobUID: $0["job_uid"], command: $0["command"], stepNumber: $0["step_number"],
                        timestamp: $0["timestamp"], depth: 0)
                })
        case .edges(let jobIDs, let artifactIDs, let limit):
            // `+artifact_id` keeps the artifact list out of the primary-key search: with both
            // lists in it SQLite probes every (job, artifact) pair, quadratic in the answer.
            return .edges(
                try db.cachedRows(
                    sql: """
                        SELECT job_id, artifact_id, 'input' AS direction FROM job_inputs
                        WHERE job_id IN (SELECT value FROM json_each(:jobs)) AND +artifact_id IN (SELECT value FROM json_each(:artifacts))
                        UNION ALL
                        SELECT job_id, artifact_id, 'output' FROM job_outputs
                        WHERE job_id IN (SELECT value FROM json_each(:jobs)) AND +artifact_id IN (SELECT value FROM json_each(:artifacts))
                        ORDER BY 1, 2, 3 LIMIT :limit
                        """,
                    arguments: ["jobs": Self.list(jobIDs), "artifacts": Self.list(artifactIDs), "limit": limit]
                ).map { WalkEdge(jobID: $0[0], artifactID: $0[1], direction: EdgeDirection(rawValue: $0[2]) ?? .input) })
        }
    }

    func neighbours(of ids: [Int64], from: GraphNodeKind, direction: WalkDirection, limit: Int) throws -> [Int64] {
        let sql: String
        switch from {
        case .artifact:
            // Artifact → job: its consumers going down, its producers going up.
            let table = direction == .downstream ? "job_inputs" : "job_outputs"
            sql = """
                SELECT DISTINCT e.job_id FROM \(table) e JOIN jobs j ON j.id = e.job_id
                WHERE e.artifact_id IN (SELECT value FROM json_each(:ids)) AND \(SQLiteStore.visible(lineage: "j.lineage_id", viewer: ":viewer"))
                ORDER BY e.job_id LIMIT :limit
                """
        case .job:
            // Job → artifact: its outputs going down, its inputs going up (the job is visible).
            let table = direction == .downstream ? "job_outputs" : "job_inputs"
            sql = """
                SELECT DISTINCT e.artifact_id FROM \(table) e WHERE e.job_id IN (SELECT value FROM json_each(:ids))
                ORDER BY e.artifact_id LIMIT :limit
                """
        }
        return try db.cachedValues(Int64.self, sql: sql, arguments: ["ids": Self.list(ids), "limit": limit, "viewer": viewer.userID])
    }
}
