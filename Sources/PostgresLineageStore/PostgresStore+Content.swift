import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    /// Writes a new lineage's rows in a handful of round trips: every table is filled from
    /// arrays (`unnest`) or one JSON document, never a statement per row. Artifacts are inserted
    /// in digest order so that concurrent publications lock shared rows in the same order.
    func insertContent(_ connection: PostgresConnection, plan: PublicationPlan, lineageID: Int64, now: Double) async throws {
        let artifacts = plan.artifacts.sorted { $0.hash < $1.hash }
        try await connection.query(
            """
            INSERT INTO artifacts (hash, algorithm, size, kind, created_at)
            SELECT h, a, s, k, \(now) FROM unnest(\(artifacts.map(\.hash))::text[], \(artifacts.map(\.canonicalDigest.algorithm))::text[],
                                                 \(artifacts.map(\.size))::bigint[], \(artifacts.map(\.kind.rawValue))::text[]) AS t(h, a, s, k)
            ORDER BY h ON CONFLICT (hash) DO NOTHING
            """,
            logger: logger)
        var ids: [String: Int64] = [:]
        for row in try await connection.query("SELECT hash, id FROM artifacts WHERE hash = ANY(\(artifacts.map(\.hash)))", logger: logger).collect() {
            let (hash, id) = try row.decode((String, Int64).self)
            ids[hash] = id
        }
        // The canonical digest only: alias digests are this lineage's claims (below).
        try await connection.query(
            """
            INSERT INTO artifact_digests (digest, algorithm, artifact_id)
            SELECT d, a, i FROM unnest(\(artifacts.map(\.hash))::text[], \(artifacts.map(\.canonicalDigest.algorithm))::text[],
                                      \(artifacts.map { ids[$0.hash]! })::bigint[]) AS t(d, a, i)
            ON CONFLICT DO NOTHING
            """,
            logger: logger)
        let composites = Dictionary(plan.composites.map { ($0.artifact.hash, $0) }, uniquingKeysWith: { _, last in last })
        let claims = artifacts.map { plan.claimed($0) }
        let facts = JSONValue.array(
            artifacts.indices.map { index in
                let artifact = artifacts[index]
                let composite = composites[artifact.hash]
                func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
                return [
                    "i": .int(ids[artifact.hash]!), "t": text(artifact.sourceType), "u": text(artifact.sourceURL), "m": text(artifact.metadata),
                    "s": claims[index].size.map(JSONValue.int) ?? .null, "k": text(claims[index].kind),
                    "c": composite.map { .int(Int64($0.componentCountTotal)) } ?? .null, "x": text(composite?.membershipIndex),
                    "d": text(composite?.componentsDigest),
                ]
            })
        try await connection.query(
            """
            INSERT INTO lineage_artifacts (artifact_id, lineage_id, source_type, source_url, metadata, size, kind,
                                           component_count_total, membership_index, components_digest)
            SELECT i, \(lineageID), t, u, m, s, k, c, x, d
            FROM jsonb_to_recordset(\(CanonicalJSON.string(facts))::jsonb) AS r(i bigint, t text, u text, m text, s bigint, k text, c int, x text, d text)
            """,
            logger: logger)
        let aliases = artifacts.flatMap { artifact in artifact.digests.filter { $0 != artifact.canonicalDigest }.map { ($0, ids[artifact.hash]!) } }
        if !aliases.isEmpty {
            try await connection.query(
                """
                INSERT INTO lineage_artifact_digests (lineage_id, artifact_id, algorithm, digest)
                SELECT \(lineageID), i, a, d FROM unnest(\(aliases.map(\.0.hex))::text[], \(aliases.map(\.0.algorithm))::text[],
                                                          \(aliases.map(\.1))::bigint[]) AS t(d, a, i)
                ON CONFLICT DO NOTHING
                """,
                logger: logger)
        }
        for composite in composites.values where !composite.components.isEmpty {
            let id = ids[composite.artifact.hash]!
            let components = JSONValue.array(
                composite.components.enumerated().map { position, component in
                    [
                        "position": .int(Int64(position)), "relative_path": .string(component.relativePath),
                        "leaf_kind": component.leafKind.map(JSONValue.string) ?? .null, "component_algorithm": .string(component.algorithm),
                        "component_digest": .string(component.digest), "component_size": component.size.map(JSONValue.int) ?? .null,
                        "component_type": component.type.map(JSONValue.string) ?? .null,
                    ]
                })
            try await connection.query(
                """
                INSERT INTO lineage_composite_components (lineage_id, artifact_id, position, relative_path, leaf_kind, component_algorithm,
                                                          component_digest, component_size, component_type)
                SELECT \(lineageID), \(id), position, relative_path, leaf_kind, component_algorithm, component_digest, component_size, component_type
                FROM jsonb_to_recordset(\(CanonicalJSON.string(components))::jsonb) AS x(position int, relative_path text, leaf_kind text,
                    component_algorithm text, component_digest text, component_size bigint, component_type text)
                """,
                logger: logger)
        }
        let jobIDs = try await insertJobs(connection, plan.jobs, lineageID: lineageID)
        for (table, side) in [("job_inputs", \Job.inputs), ("job_outputs", \Job.outputs)] {
            let edges = plan.jobs.flatMap { job in job[keyPath: side].map { (jobIDs[job.jobUID]!, ids[$0.hash]!, $0) } }
            guard !edges.isEmpty else { continue }
            let columns = NullableColumns(edges.map(\.2))
            var query = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(table) (job_id, artifact_id, path, size, byte_ranges)
                    SELECT j, a, CASE WHEN pn THEN NULL ELSE p END, CASE WHEN sn THEN NULL ELSE s END, CASE WHEN rn THEN NULL ELSE r END
                    FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bool[], $5::bigint[], $6::bool[], $7::text[], $8::bool[])
                        AS t(j, a, p, pn, s, sn, r, rn)
                    """)
            try query.binds.append(edges.map(\.0))
            try query.binds.append(edges.map(\.1))
            try query.binds.append(columns.paths)
            try query.binds.append(columns.pathIsNull)
            try query.binds.append(columns.sizes)
            try query.binds.append(columns.sizeIsNull)
            try query.binds.append(columns.ranges)
            try query.binds.append(columns.rangesIsNull)
            try await connection.query(query, logger: logger)
        }
        for job in plan.jobs {
            for edge in plan.viewEdges[job.jobUID] ?? [] {
                try await connection.query(
                    """
                    INSERT INTO view_edges (job_id, relation, target_artifact_id, bloom, selected_count, parent_total)
                    VALUES (\(jobIDs[job.jobUID]!), \(edge.relation), \(ids[edge.targetHash]!), \(edge.bloom), \(edge.selectedCount), \(edge.parentTotal))
                    ON CONFLICT DO NOTHING
                    """,
                    logger: logger)
            }
        }
    }

    /// Inserts jobs from one JSON document (their many optional fields map to NULL naturally)
    /// and returns their ids by uid.
    func insertJobs(_ connection: PostgresConnection, _ jobs: [Job], lineageID: Int64) async throws -> [String: Int64] {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let document = JSONValue.array(
            jobs.map { job in
                [
                    "job_uid": .string(job.jobUID), "command": text(job.command), "timestamp": number(job.timestamp),
                    "git_commit": text(job.gitCommit), "git_branch": text(job.gitBranch), "duration_seconds": number(job.durationSeconds),
                    "exit_code": job.exitCode.map { .int(Int64($0)) } ?? .null, "job_type": .string(job.jobType),
                    "step_number": .int(Int64(job.stepNumber)), "parent_job_uid": text(job.parentJobUID), "metadata": text(job.metadata),
                ]
            })
        var ids: [String: Int64] = [:]
        for row in try await connection.query(
            """
            INSERT INTO jobs (lineage_id, job_uid, command, timestamp, git_commit, git_branch, duration_seconds, exit_code,
                              job_type, step_number, parent_job_uid, metadata)
            SELECT \(lineageID), job_uid, command, timestamp, git_commit, git_branch, duration_seconds, exit_code,
                   job_type, step_number, parent_job_uid, metadata
            FROM jsonb_to_recordset(\(CanonicalJSON.string(document))::jsonb) AS x(job_uid text, command text, timestamp float8,
                git_commit text, git_branch text, duration_seconds float8, exit_code int, job_type text, step_number int,
                parent_job_uid text, metadata text)
            RETURNING job_uid, id
            """,
            logger: logger
        ).collect() {
            let (uid, id) = try row.decode((String, Int64).self)
            ids[uid] = id
        }
        return ids
    }
}
