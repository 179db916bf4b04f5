import Foundation
import LineageModel
import LineageStore
import PostgresNIO

/// What each lineage said about an artifact, read through the viewer's eyes (`ArtifactFacts`),
/// as `SQLiteStore+Claims` reads it.
extension PostgresStore {
    /// The rank of a claim `la` of lineage `pl` (`ArtifactFacts.ranked`): signed publishers
    /// first, statements before stubs, then publication order.
    static let claimOrder = "(pl.creator_identity = 'anonymous'), (la.kind IS NULL), la.lineage_id"

    /// The highest-ranked value of one fact column (`size`, `kind`) that a lineage visible to
    /// `viewer` stated about `artifact`: what listings and walks show.
    static func preferredFact(_ column: String, artifact: String, viewer: String) -> String {
        """
        (SELECT la.\(column) FROM lineage_artifacts la JOIN lineages pl ON pl.id = la.lineage_id
            WHERE la.artifact_id = \(artifact) AND la.\(column) IS NOT NULL AND \(visible(lineage: "la.lineage_id", viewer: viewer))
            ORDER BY \(claimOrder) LIMIT 1)
        """
    }

    /// How many claims a lookup reads (as the SQLite store).
    static let claimLimit = 32

    func claims(_ connection: PostgresConnection, artifactID: Int64, viewer: Viewer) async throws -> [ArtifactClaim] {
        var claims: [ArtifactClaim] = []
        for try await row in try await connection.execute(ArtifactClaimsStatement(artifactID: artifactID, viewer: viewer.userID), logger: logger) {
            let (lineage, creator, size, kind, sourceType, sourceURL, metadata, count, componentsDigest, aliases, userName) = row
            claims.append(
                ArtifactClaim(
                    lineageHash: lineage, publisher: ArtifactClaim.publisher(creatorIdentity: creator, userName: userName),
                    signed: creator != "anonymous", size: size, kind: kind.flatMap(Artifact.Kind.init(rawValue:)),
                    aliases: try StoredDigests.decode(aliases), sourceType: sourceType, sourceURL: sourceURL, metadata: metadata,
                    componentCount: count.map(Int.init), componentsDigest: componentsDigest))
        }
        return claims
    }

    /// The current label documents of the artifact in the visible lineages that label it, in
    /// the rank of their claims.
    func artifactLabels(_ connection: PostgresConnection, artifactID: Int64, hash: String, viewer: Viewer) async throws -> [LabelVersion] {
        var builder = QueryBuilder()
        let sql = """
            SELECT \(Self.labelColumns.split(separator: ",").map { "lb." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
            FROM lineage_artifacts la JOIN lineages pl ON pl.id = la.lineage_id
            JOIN labels lb ON lb.target_key = 'artifact:' || pl.hash || ':' || \(builder.bind(hash))::text
            WHERE la.artifact_id = \(builder.bind(artifactID)) AND \(Self.visible(lineage: "la.lineage_id", viewer: builder.bind(viewer.userID)))
              AND lb.version = (SELECT max(x.version) FROM labels x WHERE x.target_key = lb.target_key)
            ORDER BY \(Self.claimOrder) LIMIT \(Self.claimLimit)
            """
        return try await connection.query(builder.query(sql), logger: logger).collect().map(Self.labelVersion)
    }

    /// A lineage's own component list for a composite, in order.
    func components(_ connection: PostgresConnection, lineageID: Int64, artifactID: Int64) async throws -> [Composite.Component] {
        try await connection.query(
            """
            SELECT relative_path, leaf_kind, component_algorithm, component_digest, component_size, component_type
            FROM lineage_composite_components WHERE lineage_id = \(lineageID) AND artifact_id = \(artifactID) ORDER BY position
            """,
            logger: logger
        ).collect().map(Self.component)
    }
}
