import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresGraphSource {
    /// The walk's nodes and their rows found by one recursive query instead of a round trip
    /// per level, as the SQLite store does (`SQLiteGraphReader+Recursive`): exact when it
    /// applies; nil (walk level by level instead) when the node cap is hit, whose choice of
    /// nodes the level-by-level walk defines, or when paths of different lengths made too
    /// many rows. PostgreSQL allows one reference to the recursive table, so both steps are
    /// one LATERAL union; the outer LIMIT stops the recursion, which PostgreSQL runs lazily.
    func recursiveWalk(_ request: GraphWalkRequest, from start: (GraphNodeKind, Int64)) async throws -> GraphWalker? {
        guard request.depth >= 0 else { return nil }
        let cap = GraphWalker.nodeCap(request)
        let rowCap = 4 * cap + 64
        let toJobs = request.direction == .downstream ? "job_inputs" : "job_outputs"
        let toArtifacts = request.direction == .downstream ? "job_outputs" : "job_inputs"
        var builder = QueryBuilder()
        let depth = builder.bind(request.depth)
        let facts = builder.bind(viewer.userID)
        let sql = """
            WITH RECURSIVE walk(kind, id, depth) AS (
                SELECT \(builder.bind(start.0 == .artifact ? 0 : 1))::int, \(builder.bind(start.1))::bigint, 0
                UNION
                SELECT step.kind, step.id, step.depth FROM walk w CROSS JOIN LATERAL (
                    SELECT 1 AS kind, e.job_id AS id, w.depth + 1 AS depth FROM \(toJobs) e JOIN jobs j ON j.id = e.job_id
                    WHERE w.kind = 0 AND e.artifact_id = w.id AND w.depth <= \(depth)
                      AND \(PostgresStore.visible(lineage: "j.lineage_id", viewer: facts))
                    UNION ALL
                    SELECT 0, e.artifact_id, w.depth FROM \(toArtifacts) e WHERE w.kind = 1 AND e.job_id = w.id AND w.depth <= \(depth)
                ) step
            ),
            limited AS (SELECT * FROM walk LIMIT \(builder.bind(rowCap + 1))),
            nodes AS (SELECT kind, id, min(depth) AS depth, count(*) AS copies FROM limited GROUP BY kind, id)
            SELECT n.kind, n.id, n.depth, n.copies, a.hash,
                   coalesce(\(PostgresStore.preferredFact("size", artifact: "a.id", viewer: facts)), 0),
                   coalesce(\(PostgresStore.preferredFact("kind", artifact: "a.id", viewer: facts)), 'file'),
                   l.hash, j.job_uid, j.command, j.step_number, j.timestamp
            FROM nodes n
            LEFT JOIN artifacts a ON n.kind = 0 AND a.id = n.id
            LEFT JOIN jobs j ON n.kind = 1 AND n.depth <= \(depth) AND j.id = n.id
            LEFT JOIN lineages l ON l.id = j.lineage_id
            """
        let query = builder.query(sql)
        let rows = try await store.read { connection in
            try await connection.query(query, logger: self.store.logger).collect()
        }
        var artifacts: [WalkArtifact] = []
        var jobs: [WalkJob] = []
        var copies = 0
        var beyond = false
        for row in rows {
            let columns = try row.decode((Int32, Int64, Int32, Int64, String?, Int64?, String?, String?, String?, String?, Int32?, Double?).self)
            let (kind, id, depth) = (columns.0, columns.1, columns.2)
            copies += Int(columns.3)
            if kind == 0 {
                artifacts.append(
                    WalkArtifact(
                        id: id, hash: columns.4 ?? "", size: columns.5 ?? 0, kind: columns.6.flatMap(Artifact.Kind.init(rawValue:)) ?? .file,
                        depth: Int(depth)))
            } else if Int(depth) > request.depth {
                beyond = true
            } else {
                jobs.append(
                    WalkJob(
                        id: id, lineageHash: columns.7 ?? "", jobUID: columns.8 ?? "", command: columns.9,
                        stepNumber: Int(columns.10 ?? 0), timestamp: columns.11, depth: Int(depth)))
            }
        }
        guard copies <= rowCap, artifacts.count + jobs.count - 1 <= cap else { return nil }
        return GraphWalker(request, startKind: start.0, startID: start.1, artifacts: artifacts, jobs: jobs, depthLimitHit: beyond)
    }
}
