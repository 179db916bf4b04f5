import Foundation
import GRDB
import LineageModel

/// The SQLite store's answers to `GraphWalker`, for one viewer. Id lists travel as one JSON
/// array argument (`json_each`), so a statement has a fixed text whatever their length.
struct SQLiteGraphSource: GraphWalkSource {
    let store: SQLiteLineageStore
    let viewer: Viewer

    static func list(_ ids: [Int64]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }

    func resolve(_ node: GraphNode) async throws -> (GraphNodeKind, Int64)? {
        try await store.pool.read { db in
            switch node {
            case .artifact(let hash):
                return try db.cachedValue(Int64.self, sql: """
                        SELECT a.id FROM artifacts a WHERE a.hash = :hash AND EXISTS (SELECT 1 FROM lineage_artifacts la
                            WHERE la.artifact_id = a.id AND \(SQLiteLineageStore.visibleToViewer("la.lineage_id")))
                        """,
                    arguments: ["hash": hash, "viewer": viewer.userID]
                ).map { (GraphNodeKind.artifact, $0) }
            case .job(let lineageHash, let jobUID):
                return try db.cachedValue(Int64.self, sql: """
                        SELECT j.id FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                        WHERE l.hash = :lineage AND \(SQLiteLineageStore.visibleToViewer("l.id"))
                          AND (j.job_uid = :uid OR j.id IN (SELECT x.job_id FROM job_aliases x WHERE x.lineage_id = l.id AND x.job_uid = :uid))
                        ORDER BY j.job_uid = :uid DESC LIMIT 1
                        """,
                    arguments: ["lineage": lineageHash, "uid": jobUID, "viewer": viewer.userID]
                ).map { (GraphNodeKind.job, $0) }
            }
        }
    }

    func neighbours(of ids: [Int64], from: GraphNodeKind, direction: WalkDirection, limit: Int) async throws -> [Int64] {
        let sql: String
        switch (from, direction) {
        case (.artifact, _):
            // Artifact → job: its consumers going down, its producers going up.
            let table = direction == .downstream ? "job_inputs" : "job_outputs"
            sql = """
                SELECT DISTINCT e.job_id FROM \(table) e JOIN jobs j ON j.id = e.job_id
                WHERE e.artifact_id IN (SELECT value FROM json_each(:ids)) AND \(SQLiteLineageStore.visibleToViewer("j.lineage_id"))
                ORDER BY e.job_id LIMIT :limit
                """
        case (.job, _):
            // Job → artifact: its outputs going down, its inputs going up (the job is visible).
            let table = direction == .downstream ? "job_outputs" : "job_inputs"
            sql = """
                SELECT DISTINCT e.artifact_id FROM \(table) e WHERE e.job_id IN (SELECT value FROM json_each(:ids))
                ORDER BY e.artifact_id LIMIT :limit
                """
        }
        return try await store.pool.read { db in
            try db.cachedValues(Int64.self, sql: sql, arguments: ["ids": Self.list(ids), "limit": limit, "viewer": viewer.userID])
        }
    }

    func artifactNodes(_ ids: [Int64]) async throws -> [WalkArtifact] {
        try await store.pool.read { db in
            try db.cachedRows(sql: "SELECT id, hash, size, kind FROM artifacts WHERE id IN (SELECT value FROM json_each(?))", arguments: [Self.list(ids)])
                .map { WalkArtifact(id: $0["id"], hash: $0["hash"], size: $0["size"], kind: Artifact.Kind(rawValue: $0["kind"]) ?? .file, depth: 0) }
        }
    }

    func jobNodes(_ ids: [Int64]) async throws -> [WalkJob] {
        try await store.pool.read { db in
            try db.cachedRows(sql: """
                    SELECT j.id, l.hash, j.job_uid, j.command, j.step_number, j.timestamp FROM jobs j JOIN lineages l ON l.id = j.lineage_id
                    WHERE j.id IN (SELECT value FROM json_each(?))
                    """,
                arguments: [Self.list(ids)]
            ).map {
                WalkJob(id: $0["id"], lineageHash: $0["hash"], jobUID: $0["job_uid"], command: $0["command"], stepNumber: $0["step_number"], timestamp: $0["timestamp"], depth: 0)
            }
        }
    }

    func edges(jobIDs: [Int64], artifactIDs: [Int64], limit: Int) async throws -> [WalkEdge] {
        try await store.pool.read { db in
            try db.cachedRows(sql: """
                    SELECT job_id, artifact_id, 'input' AS direction FROM job_inputs
                    WHERE job_id IN (SELECT value FROM json_each(:jobs)) AND artifact_id IN (SELECT value FROM json_each(:artifacts))
                    UNION ALL
                    SELECT job_id, artifact_id, 'output' FROM job_outputs
                    WHERE job_id IN (SELECT value FROM json_each(:jobs)) AND artifact_id IN (SELECT value FROM json_each(:artifacts))
                    ORDER BY 1, 2, 3 LIMIT :limit
                    """,
                arguments: ["jobs": Self.list(jobIDs), "artifacts": Self.list(artifactIDs), "limit": limit]
            ).map { WalkEdge(jobID: $0["job_id"], artifactID: $0["artifact_id"], direction: EdgeDirection(rawValue: $0["direction"]) ?? .input) }
        }
    }
}
