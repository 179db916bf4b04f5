import Foundation
import GRDB
import LineageModel
import LineageStore

/// What each lineage said about an artifact, read through the viewer's eyes (`ArtifactFacts`).
extension SQLiteStore {
    /// The rank of a claim `la` of lineage `pl` (`ArtifactFacts.ranked`): signed publishers
    /// first, statements before stubs, then publication order.
    static let claimOrder = "(pl.creator_identity = 'anonymous'), (la.kind IS NULL), la.lineage_id"

    /// The highest-ranked value of one fact column (`size`, `kind`) that a lineage visible to
    /// `viewer` stated about `artifact`: what listings and walks show (`ArtifactFacts`).
    static func preferredFact(_ column: String, artifact: String, viewer: String) -> String {
        """
        (SELECT la.\(column) FROM lineage_artifacts la JOIN lineages pl ON pl.id = la.lineage_id
            WHERE la.artifact_id = \(artifact) AND la.\(column) IS NOT NULL AND \(visible(lineage: "la.lineage_id", viewer: viewer))
            ORDER BY \(claimOrder) LIMIT 1)
        """
    }

    /// How many claims a lookup reads; an artifact named by more visible lineages is summarized
    /// from its highest-ranked ones.
    static let claimLimit = 32

    static func claims(_ db: Database, artifactID: Int64, viewer: Viewer) throws -> [ArtifactClaim] {
        try db.cachedRows(
            sql: """
                SELECT pl.hash AS lineage_hash, pl.creator_identity, la.size, la.kind, la.source_type, la.source_url, la.metadata,
                    la.component_count_total, la.components_digest,
                    (SELECT group_concat(x.algorithm || ':' || x.digest, ' ') FROM lineage_artifact_digests x
                        WHERE x.lineage_id = la.lineage_id AND x.artifact_id = la.artifact_id) AS aliases,
                    (SELECT u.name FROM users u WHERE pl.creator_identity LIKE 'glaas:user:%' AND u.id = substr(pl.creator_identity, 12)) AS user_name
                FROM lineage_artifacts la JOIN lineages pl ON pl.id = la.lineage_id
                WHERE la.artifact_id = ? AND \(visible(lineage: "la.lineage_id", viewer: "?"))
                ORDER BY \(claimOrder) LIMIT ?
                """,
            arguments: [artifactID, viewer.userID, claimLimit]
        ).map { row in
            let creator: String = row["creator_identity"]
            return ArtifactClaim(
                lineageHash: row["lineage_hash"], publisher: ArtifactClaim.publisher(creatorIdentity: creator, userName: row["user_name"]),
                signed: creator != "anonymous", size: row["size"], kind: (row["kind"] as String?).flatMap(Artifact.Kind.init(rawValue:)),
                aliases: try StoredDigests.decode(row["aliases"]), sourceType: row["source_type"], sourceURL: row["source_url"],
                metadata: row["metadata"], componentCount: row["component_count_total"], componentsDigest: row["components_digest"])
        }
    }

    /// The current label documents of the artifact in the visible lineages that label it, in
    /// the rank of their claims.
    static func artifactLabels(_ db: Database, artifactID: Int64, hash: String, viewer: Viewer) throws -> [LabelVersion] {
        try db.cachedRows(
            sql: """
                SELECT lb.* FROM lineage_artifacts la JOIN lineages pl ON pl.id = la.lineage_id
                JOIN labels lb ON lb.target_key = 'artifact:' || pl.hash || ':' || ?
                WHERE la.artifact_id = ? AND \(visible(lineage: "la.lineage_id", viewer: "?"))
                  AND lb.version = (SELECT max(x.version) FROM labels x WHERE x.target_key = lb.target_key)
                ORDER BY \(claimOrder) LIMIT ?
                """,
            arguments: [hash, artifactID, viewer.userID, claimLimit]
        ).map(labelVersion)
    }

    /// A lineage's own component list for a composite, in order.
    static func components(_ db: Database, lineageID: Int64, artifactID: Int64) throws -> [Composite.Component] {
        try db.cachedRows(
            sql: "SELECT * FROM lineage_composite_components WHERE lineage_id = ? AND artifact_id = ? ORDER BY position",
            arguments: [lineageID, artifactID]
        ).map(component)
    }
}
