import Foundation
import GRDB
import LineageModel
import LineageStore

/// Label documents: every version kept, changes planned by `LabelChangePlan`.
extension SQLiteStore {
    public func currentLabel(_ target: LabelTarget) async throws -> LabelVersion? {
        try await read { db in try Self.currentLabel(db, key: target.key) }
    }

    public func labelHistory(_ target: LabelTarget) async throws -> [LabelVersion] {
        try await read { db in
            try db.cachedRows(sql: "SELECT * FROM labels WHERE target_key = ? ORDER BY version", arguments: [target.key])
                .map(Self.labelVersion)
        }
    }

    public func applyLabelChanges(_ changes: [LabelChange], actor: String, dryRun: Bool) async throws -> [LabelChangeResult] {
        let now = clock.now
        return try await write { db in
            var current: [String: LabelVersion] = [:]
            for key in LabelChangePlan.targetKeys(changes) {
                current[key] = try Self.currentLabel(db, key: key)
            }
            let plan = try LabelChangePlan(changes, current: current, actor: actor, at: now)
            if !dryRun {
                for version in plan.versions { try Self.insertLabel(db, version, ignoringExisting: false) }
            }
            return plan.results
        }
    }

    /// Inserts one version of a label document; an import skips versions already stored.
    static func insertLabel(_ db: Database, _ version: LabelVersion, ignoringExisting: Bool) throws {
        let target = version.target
        try db.cachedStatement(
            sql: """
                INSERT INTO labels (target_key, entity_type, session_hash, job_uid, artifact_hash, version, document, tombstones, actor, created_at)
                SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
                \(ignoringExisting ? "WHERE NOT EXISTS (SELECT 1 FROM labels WHERE target_key = ?1 AND version = ?6)" : "")
                """
        ).execute(arguments: [
            target.key, target.kind.rawValue, target.lineageHash, target.jobUID, target.artifactHash, version.version,
            StoredJSON.encodeDocument(version.document), StoredJSON.encodeKeys(version.tombstones), version.actor,
            version.createdAt.timeIntervalSince1970,
        ])
    }

    static func currentLabel(_ db: Database, key: String) throws -> LabelVersion? {
        try db.cachedRow(sql: "SELECT * FROM labels WHERE target_key = ? ORDER BY version DESC LIMIT 1", arguments: [key])
            .map(labelVersion)
    }

    static func labelVersion(_ row: Row) -> LabelVersion {
        let target = LabelTarget(
            kind: LabelTarget.Kind(rawValue: row["entity_type"]) ?? .dag, lineageHash: row["session_hash"], jobUID: row["job_uid"],
            artifactHash: row["artifact_hash"])
        return LabelVersion(
            target: target, version: row["version"], document: StoredJSON.decodeDocument(row["document"]),
            tombstones: StoredJSON.decodeKeys(row["tombstones"]), actor: row["actor"], createdAt: date(row["created_at"]))
    }
}
