import Foundation
import GRDB
import LineageModel

/// What a local label document belongs to: the session's lineage (`dag`), a job, or an artifact.
public struct LocalLabelTarget: Sendable, Hashable {
    /// The three kinds roar-cli labels.
    public enum Kind: String, Sendable, CaseIterable {
        case dag, job, artifact
    }

    public var kind: Kind
    /// The session id (dag), the job's uid (job) or the artifact's digest (artifact).
    public var key: String
    /// How messages name it: the path or digest, `@N`, `session N`.
    public var display: String

    /// A target.
    public init(kind: Kind, key: String, display: String) {
        self.kind = kind
        self.key = key
        self.display = display
    }
}

/// One version of a local label document.
public struct LocalLabelVersion: Sendable, Hashable {
    /// 1, 2, … per target.
    public var version: Int
    public var document: LabelDocument
    /// `user` (a `roar label`/`roar tag` edit) or `system` (recorded by roar).
    public var origin: String
    public var createdAt: Date
}

extension LocalStore {
    /// Migration `v-labels`: every version of every label document, the current one being the
    /// highest version of its target.
    static func registerLabels(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v-labels") { db in
            try db.execute(
                sql: """
                    CREATE TABLE labels (
                        id INTEGER PRIMARY KEY,
                        entity_type TEXT NOT NULL CHECK (entity_type IN ('dag', 'job', 'artifact')),
                        entity_key TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        document TEXT NOT NULL,
                        write_origin TEXT NOT NULL CHECK (write_origin IN ('user', 'system')),
                        created_at REAL NOT NULL,
                        UNIQUE (entity_type, entity_key, version)
                    );
                    """)
        }
    }

    /// Every version of `target`'s document, oldest first.
    public func labelHistory(_ target: LocalLabelTarget) throws -> [LocalLabelVersion] {
        try queue.read { db in try Self.labelVersions(db, target) }
    }

    /// The current document of `target`, nil when it has none.
    public func currentLabel(_ target: LocalLabelTarget) throws -> LocalLabelVersion? {
        try labelHistory(target).last
    }

    /// Replaces `target`'s document with `change(current)` in one transaction, as a new version
    /// when it differs. Returns the document and its version (nil: never labelled) and whether it changed.
    @discardableResult
    public func updateLabel(_ target: LocalLabelTarget, origin: String = "user", _ change: (LabelDocument) throws -> LabelDocument) throws -> (
        document: LabelDocument, version: Int?, changed: Bool
    ) {
        try queue.write { db in
            let current = try Self.labelVersions(db, target).last
            let before = current?.document ?? LabelDocument()
            let after = try change(before)
            guard after != before else { return (before, current?.version, false) }
            let version = (current?.version ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO labels (entity_type, entity_key, version, document, write_origin, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    target.kind.rawValue, target.key, version, CanonicalJSON.string(after.json), origin, Date().timeIntervalSince1970,
                ])
            return (after, version, true)
        }
    }

    /// The current documents of every target of `kind` (key → document), for searches.
    public func currentLabels(kind: LocalLabelTarget.Kind) throws -> [String: LabelDocument] {
        try queue.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT entity_key, document FROM labels l WHERE entity_type = ?
                      AND version = (SELECT max(x.version) FROM labels x WHERE x.entity_type = l.entity_type AND x.entity_key = l.entity_key)
                    """,
                arguments: [kind.rawValue])
            var result: [String: LabelDocument] = [:]
            for row in rows {
                let text: String = row["document"]
                result[row["entity_key"]] = LabelDocument((try? JSONParser.parse(text))?.objectValue ?? [:])
            }
            return result
        }
    }

    static func labelVersions(_ db: Database, _ target: LocalLabelTarget) throws -> [LocalLabelVersion] {
        try Row.fetchAll(
            db,
            sql: "SELECT version, document, write_origin, created_at FROM labels WHERE entity_type = ? AND entity_key = ? ORDER BY version",
            arguments: [target.kind.rawValue, target.key]
        ).map { row in
            let text: String = row["document"]
            return LocalLabelVersion(
                version: row["version"], document: LabelDocument((try? JSONParser.parse(text))?.objectValue ?? [:]), origin: row["write_origin"],
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }
}
