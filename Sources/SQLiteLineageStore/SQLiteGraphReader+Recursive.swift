import Foundation
import GRDB
import LineageModel
import LineageStore

extension SQLiteGraphReader {
    /// The walk's nodes and their rows found by one recursive query, which costs microseconds
    /// a node where the level-by-level walk pays a statement per level. Exact when it applies;
    /// nil (walk level by level instead) when the node cap is hit, whose choice of nodes the
    /// level-by-level walk defines, or when paths of different lengths made too many rows.
    func recursiveWalk(_ request: GraphWalkRequest, from start: (GraphNodeKind, Int64)) throws -> GraphWalker? {
        guard request.depth >= 0 else { return nil }
        let cap = GraphWalker.nodeCap(request)
        // A node reached at several depths is a row per depth (UNION ends cycles: depths are
        // bounded); this bounds the rows before the answer is abandoned.
        let rowCap = 4 * cap + 64
        let toJobs = request.direction == .downstream ? "job_inputs" : "job_outputs"
        let toArtifacts = request.direction == .downstream ? "job_outputs" : "job_inputs"
        // kind 0 is an artifact, 1 a job. Jobs one level past the depth cap are found but
        // not expanded: they tell whether the cap cut anything.
        let rows = try db.cachedRows(
            sql: """
                WITH RECURSIVE walk(kind, id, depth) AS (
                    VALUES (:kind, :start, 0)
                    UNION
                    SELECT 1, e.job_id, w.depth + 1 FROM walk w JOIN \(toJobs) e ON e.artifact_id = w.id JOIN jobs j ON j.id = e.job_id
                    WHERE w.kind = 0 AND w.depth <= :depth AND \(SQLiteStore.visible(lineage: "j.lineage_id", viewer: ":viewer"))
                    UNION
                    SELECT 0, e.artifact_id, w.depth FROM walk w JOIN \(toArtifacts) e ON e.job_id = w.id
                    WHERE w.kind = 1 AND w.depth <= :depth
                    LIMIT :rows
                ),
                nodes AS (SELECT kind, id, min(depth) AS depth, count(*) AS copies FROM walk GROUP BY kind, id)
                SELECT n.kind, n.id, n.depth, n.copies, a.hash,
                       coalesce(\(SQLiteStore.preferredFact("size", artifact: "a.id", viewer: ":viewer")), 0) AS size,
                       coalesce(\(SQLiteStore.preferredFact("kind", artifact: "a.id", viewer: ":viewer")), 'file') AS artifact_kind,
                       l.hash AS lineage_hash, j.job_uid, j.command, j.step_number, j.timestamp
                FROM nodes n
                LEFT JOIN artifacts a ON n.kind = 0 AND a.id = n.id
                LEFT JOIN jobs j ON n.kind = 1 AND n.depth <= :depth AND j.id = n.id
                LEFT JOIN lineages l ON l.id = j.lineage_id
                """,
            arguments: ["kind": start.0 == .artifact ? 0 : 1, "start": start.1, "depth": request.depth, "rows": rowCap + 1, "viewer": viewer.userID])
        var artifacts: [WalkArtifact] = []
        var jobs: [WalkJob] = []
        var copies = 0
        var beyond = false
        // Columns by position: a name lookup per value costs more than the value here.
        for row in rows {
            let id: Int64 = row[1]
            let depth: Int = row[2]
            copies += row[3] as Int
            if row[0] as Int == 0 {
                artifacts.append(WalkArtifact(id: id, hash: row[4], size: row[5], kind: Artifact.Kind(rawValue: row[6]) ?? .file, depth: depth))
            } else if depth > request.depth {
                beyond = true
            } else {
                jobs.append(
                    WalkJob(id: id, lineageHash: row[7], jobUID: row[8], command: row[9], stepNumber: row[10], timestamp: row[11], depth: depth))
            }
        }
        guard copies <= rowCap, artifacts.count + jobs.count - 1 <= cap else { return nil }
        return GraphWalker(request, startKind: start.0, startID: start.1, artifacts: artifacts, jobs: jobs, depthLimitHit: beyond)
    }
}
