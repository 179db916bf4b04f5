import PostgresNIO

/// What each visible lineage said about one artifact (`PostgresStore.claims`), as a named
/// prepared statement: every lookup runs it once per artifact found, so it is planned once per
/// connection, like the lookup itself.
struct ArtifactClaimsStatement: PostgresPreparedStatement {
    typealias Row = (String, String, Int64?, String?, String?, String?, String?, Int32?, String?, String?, String?)

    /// $1 the artifact's id, $2 viewer user id (NULL: anonymous).
    static let sql = """
        SELECT pl.hash, pl.creator_identity, la.size, la.kind, la.source_type, la.source_url, la.metadata,
            la.component_count_total, la.components_digest,
            (SELECT string_agg(x.algorithm || ':' || x.digest, ' ') FROM lineage_artifact_digests x
                WHERE x.lineage_id = la.lineage_id AND x.artifact_id = la.artifact_id),
            (SELECT u.name FROM users u WHERE pl.creator_identity LIKE 'glaas:user:%' AND u.id = substr(pl.creator_identity, 12))
        FROM lineage_artifacts la JOIN lineages pl ON pl.id = la.lineage_id
        WHERE la.artifact_id = $1 AND \(PostgresStore.visible(lineage: "la.lineage_id", viewer: "$2"))
        ORDER BY \(PostgresStore.claimOrder) LIMIT \(PostgresStore.claimLimit)
        """

    static let bindingDataTypes: [PostgresDataType] = [.int8, .text]

    var artifactID: Int64
    var viewer: String?

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(artifactID)
        bindings.append(viewer)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
