import Foundation
import GRDB
import LineageModel
import LineageStore

extension SQLiteStore {
    public func currentLabel(_ target: LabelTarget) async throws -> LabelVersion? {
        try await pool.read { db in try Self.currentLabel(db, target) }
    }

    public func labelHistory(_ target: LabelTarget) async throws -> [LabelVersion] {
        try await pool.read { db in
            try db.cachedRows(sql: "SELECT * FROM labels WHERE target_key = ? ORDER BY version", arguments: [target.key])
                .map(Self.labelVersion)
        }
    }

    public func applyLabelChanges(_ changes: [LabelChange], actor: String, dryRun: Bool) async throws -> [LabelChangeResult] {
        try await pool.write { db in
            var latest: [String: LabelVersion] = [:]
            func current(_ target: LabelTarget) throws -> LabelVersion? {
                if let pending = latest[target.key] { return pending }
                return try Self.currentLabel(db, target)
            }
            let stale = try changes.filter { $0.isStale(currentVersion: try Self.currentLabel(db, $0.target)?.version ?? 0) }
            guard stale.isEmpty else { throw LineageStoreError.labelConflict(stale.map(\.target)) }

            let now = Self.now
            var results: [LabelChangeResult] = []
            for change in changes {
                let (result, next) = change.apply(after: try current(change.target), actor: actor, at: Self.date(now))
                results.append(result)
                guard let next else { continue }
                if !dryRun {
                    try db.execute(
                        sql: """
                            INSERT INTO labels (target_key, entity_type, session_hash, job_uid, artifact_hash, version, document, tombstones, actor, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            change.target.key, change.target.kind.rawValue, change.target.lineageHash, change.target.jobUID,
                            change.target.artifactHash, next.version, StoredJSON.encodeDocument(next.document),
                            StoredJSON.encodeKeys(next.tombstones), actor, now,
                        ])
                }
                latest[change.target.key] = next
            }
            return results
        }
    }

    static func currentLabel(_ db: Database, _ target: LabelTarget) throws -> LabelVersion? {
        try db.cachedRow(sql: "SELECT * FROM labels WHERE target_key = ? ORDER BY version DESC LIMIT 1", arguments: [target.key])
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
