import PostgresNIO

/// The artifact lookup as a named prepared statement: PostgreSQL parses and plans it once per
/// connection instead of on every lookup (its plan takes longer than running it).
struct ArtifactLookupStatement: PostgresPreparedStatement {
    typealias Row = (Int64, String, String, Double, String, Bool, String?)

    /// $1 viewer user id (NULL: anonymous), [$2, $3) digest range, $4 row limit. Matches by
    /// canonical digest, or by an alias a visible lineage gave; the facts come after
    /// (`PostgresStore.claims`).
    static let sql = """
        SELECT a.id, a.hash, a.algorithm, a.created_at, l.hash,
            EXISTS (SELECT 1 FROM lineage_artifacts la JOIN publications p ON p.lineage_id = la.lineage_id
                    WHERE la.artifact_id = a.id AND p.visibility = 'public') AS is_public,
            (SELECT u.id || chr(9) || u.name FROM publications p JOIN users u ON u.id = p.owner_user_id
                WHERE p.lineage_id = o.lineage_id AND (p.owner_user_id = $1 OR p.visibility = 'public')
                ORDER BY (p.owner_user_id IS NOT DISTINCT FROM $1) DESC, p.id LIMIT 1) AS owner
        FROM (
            SELECT a.id AS artifact_id FROM artifacts a WHERE a.hash >= $2 AND a.hash < $3
            UNION ALL
            SELECT d.artifact_id FROM lineage_artifact_digests d
            WHERE d.digest >= $2 AND d.digest < $3 AND \(PostgresStore.visible(lineage: "d.lineage_id", viewer: "$1"))
        ) m
        JOIN artifacts a ON a.id = m.artifact_id
        CROSS JOIN LATERAL (
            SELECT la.lineage_id FROM lineage_artifacts la WHERE la.artifact_id = a.id
              AND \(PostgresStore.visible(lineage: "la.lineage_id", viewer: "$1"))
            ORDER BY la.lineage_id LIMIT 1) o
        JOIN lineages l ON l.id = o.lineage_id
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
