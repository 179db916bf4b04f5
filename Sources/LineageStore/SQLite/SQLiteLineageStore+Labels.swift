import Foundation
import GRDB
import LineageModel

extension SQLiteLineageStore {
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
            let stale = try changes.filter { change in
                guard case .reconcile(_, _, let base?, _) = change.kind else { return false }
                return base != (try Self.currentLabel(db, change.target)?.version ?? 0)
            }
            guard stale.isEmpty else { throw LineageStoreError.labelConflict(stale.map(\.target)) }

            let now = Self.now
            var results: [LabelChangeResult] = []
            for change in changes {
                let before = try current(change.target)
                let outcome: LabelMerge.Outcome
                switch change.kind {
                case .sync(let incoming):
                    outcome = LabelMerge.sync(current: before?.document, tombstones: before?.tombstones ?? [], incoming: incoming)
                case .reconcile(let patch, let deletedKeys, _, let prune):
                    outcome = LabelMerge.reconcile(
                        current: before?.document, tombstones: before?.tombstones ?? [], patch: patch, deletedKeys: deletedKeys, prune: prune)
                }
                guard outcome.action != .noop else {
                    results.append(LabelChangeResult(target: change.target, action: .noop, version: before?.version ?? 0, deletedKeys: []))
                    continue
                }
                let next = LabelVersion(
                    target: change.target, version: (before?.version ?? 0) + 1, document: outcome.document,
                    tombstones: outcome.tombstones, actor: actor, createdAt: Self.date(now))
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
                results.append(LabelChangeResult(target: change.target, action: outcome.action, version: next.version, deletedKeys: outcome.deletedKeys))
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
