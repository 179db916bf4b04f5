import PostgresNIO

/// A job row as `PostgresStore.jobColumns` selects it.
typealias JobRow = (Int64, String, String, String?, Double?, String?, String?, Double?, Int32?, String, Int32, String?, String?)

/// The upstream walk as a named prepared statement (planned once per connection):
/// $1 artifact hash, $2 lineage hash.
struct UpstreamJobsStatement: PostgresPreparedStatement {
    typealias Row = JobRow

    static let sql = """
        WITH RECURSIVE target AS (
            SELECT (SELECT id FROM artifacts WHERE hash = $1) AS artifact_id, (SELECT id FROM lineages WHERE hash = $2) AS lineage_id
        ), upstream(job_id) AS (
            SELECT o.job_id FROM target t JOIN job_outputs o ON o.artifact_id = t.artifact_id
            JOIN jobs j ON j.id = o.job_id AND j.lineage_id = t.lineage_id
            UNION
            SELECT o.job_id FROM upstream u
            JOIN job_inputs i ON i.job_id = u.job_id
            JOIN job_outputs o ON o.artifact_id = i.artifact_id
            JOIN jobs j ON j.id = o.job_id
            JOIN target t ON j.lineage_id = t.lineage_id
        )
        SELECT \(PostgresStore.jobColumns) FROM upstream u JOIN jobs j ON j.id = u.job_id JOIN lineages l ON l.id = j.lineage_id
        ORDER BY j.step_number, j.id
        """

    var artifactHash: String
    var lineageHash: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(artifactHash)
        bindings.append(lineageHash)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// The edges of a set of jobs, both sides in one statement: $1 job ids.
struct JobEdgesStatement: PostgresPreparedStatement {
    typealias Row = (Bool, Int64, String, String?, Int64?, String?)

    static let sql = """
        SELECT is_input, job_id, hash, path, size, byte_ranges FROM (
            SELECT true AS is_input, e.job_id, a.hash, e.path, e.size, e.byte_ranges FROM job_inputs e JOIN artifacts a ON a.id = e.artifact_id
            WHERE e.job_id = ANY($1)
            UNION ALL
            SELECT false, e.job_id, a.hash, e.path, e.size, e.byte_ranges FROM job_outputs e JOIN artifacts a ON a.id = e.artifact_id
            WHERE e.job_id = ANY($1)
        ) edges
        ORDER BY job_id, path COLLATE "C", hash COLLATE "C"
        """

    static let bindingDataTypes: [PostgresDataType] = [.int8Array]

    var jobIDs: [Int64]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(jobIDs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
