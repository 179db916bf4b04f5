import Foundation
import LineageModel
import LineageStore
import PostgresNIO

extension PostgresStore {
    static let labelColumns = "target_key, entity_type, session_hash, job_uid, artifact_hash, version, document, tombstones, actor, created_at"

    public func currentLabel(_ target: LabelTarget) async throws -> LabelVersion? {
        try await read { connection in try await self.currentLabel(connection, target) }
    }

    public func labelHistory(_ target: LabelTarget) async throws -> [LabelVersion] {
        try await read { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.labelColumns) FROM labels WHERE target_key = \(target.key) ORDER BY version", logger: self.logger
            ).collect().map(Self.labelVersion)
        }
    }

    /// Each target is locked (an advisory lock on its key) for the transaction, so reconciles
    /// through different servers take turns and the version check cannot race.
    public func applyLabelChanges(_ changes: [LabelChange], actor: String, dryRun: Bool) async throws -> [LabelChangeResult] {
        try await write { connection in
            for key in Set(changes.map(\.target.key)).sorted() {
                try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 7315))", logger: self.logger)
            }
            var stale: [LabelTarget] = []
            for change in changes where change.isStale(currentVersion: try await self.currentLabel(connection, change.target)?.version ?? 0) {
                stale.append(change.target)
            }
            guard stale.isEmpty else { throw LineageStoreError.labelConflict(stale) }
            let now = Self.now
            var latest: [String: LabelVersion] = [:]
            var results: [LabelChangeResult] = []
            for change in changes {
                let before: LabelVersion?
                if let pending = latest[change.target.key] { before = pending } else { before = try await self.currentLabel(connection, change.target) }
                let (result, next) = change.apply(after: before, actor: actor, at: Date(timeIntervalSince1970: now))
                results.append(result)
                guard let next else { continue }
                if !dryRun {
                    let target = change.target
                    try await connection.query(
                        """
                        INSERT INTO labels (target_key, entity_type, session_hash, job_uid, artifact_hash, version, document, tombstones, actor, created_at)
                        VALUES (\(target.key), \(target.kind.rawValue), \(target.lineageHash), \(target.jobUID), \(target.artifactHash), \(next.version),
                                \(StoredJSON.encodeDocument(next.document)), \(StoredJSON.encodeKeys(next.tombstones)), \(actor), \(now))
                        """,
                        logger: self.logger)
                }
                latest[change.target.key] = next
            }
            return results
        }
    }

    func currentLabel(_ connection: PostgresConnection, _ target: LabelTarget) async throws -> LabelVersion? {
        try await connection.query(
            "SELECT \(unescaped: Self.labelColumns) FROM labels WHERE target_key = \(target.key) ORDER BY version DESC LIMIT 1", logger: logger
        ).collect().first.map(Self.labelVersion)
    }

    static func labelVersion(_ row: PostgresRow) throws -> LabelVersion {
        let (_, entity, session, job, artifact, version, document, tombstones, actor, created) =
            try row.decode((String, String, String?, String?, String?, Int32, String, String, String, Double).self)
        return LabelVersion(
            target: LabelTarget(kind: LabelTarget.Kind(rawValue: entity) ?? .dag, lineageHash: session, jobUID: job, artifactHash: artifact),
            version: Int(version), document: StoredJSON.decodeDocument(document), tombstones: StoredJSON.decodeKeys(tombstones),
            actor: actor, createdAt: Date(timeIntervalSince1970: created))
    }
}
