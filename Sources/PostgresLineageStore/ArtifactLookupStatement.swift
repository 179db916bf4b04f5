import PostgresNIO

/// The artifact lookup as a named prepared statement: PostgreSQL parses and plans it once per
/// connection instead of on every lookup (its plan takes longer than running it).
struct ArtifactLookupStatement: PostgresPreparedStatement {
    typealias Row = (Int64, String, String, Int64, String, Double, Int32?, String?, Int64, String, String?, String?, Bool, String?, Int64?)

    /// $1 viewer user id (NULL: anonymous), [$2, $3) digest range, $4 row limit.
    static let sql = """
        SELECT a.id, a.hash, a.algorithm, a.size, a.kind, a.created_at, c.component_count_total,
            (SELECT string_agg(x.algorithm || ':' || x.digest, ' ') FROM artifact_digests x WHERE x.artifact_id = a.id) AS digests,
            o.lineage_id, l.hash,
            (SELECT coalesce(la.source_type, '') || chr(9) || la.source_url FROM lineage_artifacts la
                WHERE la.artifact_id = a.id AND la.source_url IS NOT NULL
                  AND \(PostgresStore.visible(lineage: "la.lineage_id", viewer: "$1"))
                ORDER BY la.lineage_id DESC LIMIT 1) AS source,
            (SELECT la.metadata FROM lineage_artifacts la
                WHERE la.artifact_id = a.id AND la.metadata IS NOT NULL
                  AND \(PostgresStore.visible(lineage: "la.lineage_id", viewer: "$1"))
                ORDER BY la.lineage_id DESC LIMIT 1) AS metadata,
            EXISTS (SELECT 1 FROM lineage_artifacts la JOIN publications p ON p.lineage_id = la.lineage_id
                    WHERE la.artifact_id = a.id AND p.visibility = 'public') AS is_public,
            (SELECT u.id || chr(9) || u.name FROM publications p JOIN users u ON u.id = p.owner_user_id
                WHERE p.lineage_id = o.lineage_id AND (p.owner_user_id = $1 OR p.visibility = 'public')
                ORDER BY (p.owner_user_id IS NOT DISTINCT FROM $1) DESC, p.id LIMIT 1) AS owner,
            (SELECT lb.id FROM labels lb WHERE lb.target_key = 'artifact:' || a.hash ORDER BY lb.version DESC LIMIT 1) AS label_id
        FROM artifact_digests d
        JOIN artifacts a ON a.id = d.artifact_id
        LEFT JOIN composites c ON c.artifact_id = a.id
        CROSS JOIN LATERAL (
            SELECT la.lineage_id FROM lineage_artifacts la WHERE la.artifact_id = a.id
              AND \(PostgresStore.visible(lineage: "la.lineage_id", viewer: "$1"))
            ORDER BY la.lineage_id LIMIT 1) o
        JOIN lineages l ON l.id = o.lineage_id
        WHERE d.digest >= $2 AND d.digest < $3
        LIMIT $4
        """

    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .int8]

    var viewer: String?
    var low: String
    var high: String
    var limit: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(viewer)
        bindings.append(low)
        bindings.append(high)
        bindings.append(limit)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
