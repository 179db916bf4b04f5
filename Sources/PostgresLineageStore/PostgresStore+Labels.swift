import Foundation
import LineageModel
import LineageStore
import PostgresNIO

/// Label documents: every version kept, changes planned by `LabelChangePlan`.
extension PostgresStore {
    static let labelColumns = "target_key, entity_type, session_hash, job_uid, artifact_hash, version, document, tombstones, actor, created_at"

    public func currentLabel(_ target: LabelTarget) async throws -> LabelVersion? {
        try await read { connection in try await self.currentLabel(connection, key: target.key) }
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
        let now = clock.now
        return try await write { connection in
            var current: [String: LabelVersion] = [:]
            for key in LabelChangePlan.targetKeys(changes) {
                try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 7315))", logger: self.logger)
                current[key] = try await self.currentLabel(connection, key: key)
            }
            let plan = try LabelChangePlan(changes, current: current, actor: actor, at: now)
            if !dryRun {
                for version in plan.versions { try await self.insertLabel(connection, version, ignoringExisting: false) }
            }
            return plan.results
        }
    }

    /// Inserts one version of a label document; an import skips versions already stored.
    func insertLabel(_ connection: PostgresConnection, _ version: LabelVersion, ignoringExisting: Bool) async throws {
        let target = version.target
        var query: PostgresQuery = """
            INSERT INTO labels (target_key, entity_type, session_hash, job_uid, artifact_hash, version, document, tombstones, actor, created_at)
            VALUES (\(target.key), \(target.kind.rawValue), \(target.lineageHash), \(target.jobUID), \(target.artifactHash), \(version.version),
                    \(StoredJSON.encodeDocument(version.document)), \(StoredJSON.encodeKeys(version.tombstones)), \(version.actor),
                    \(version.createdAt.timeIntervalSince1970))
            """
        if ignoringExisting { query.sql += " ON CONFLICT (target_key, version) DO NOTHING" }
        try await connection.query(query, logger: logger)
    }

    func currentLabel(_ connection: PostgresConnection, key: String) async throws -> LabelVersion? {
        try await connection.query(
            "SELECT \(unescaped: Self.labelColumns) FROM labels WHERE target_key = \(key) ORDER BY version DESC LIMIT 1", logger: logger
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
