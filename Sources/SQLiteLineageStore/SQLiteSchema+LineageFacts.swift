import GRDB

extension SQLiteSchema {
    /// Migration v7-lineage-facts: what each lineage said about an artifact, kept with that
    /// lineage instead of the registry-wide row its first publisher wrote.
    ///
    /// Existing data is carried over: every lineage naming an artifact gets the registry-wide
    /// size, kind, alias digests and component list (the only record of what was said), and
    /// each artifact label document moves into the scope of one lineage naming the artifact:
    /// the lineage its latest version was set through when that lineage names it, else the
    /// first lineage that does. Rewriting those history rows is the migration's alone: it lifts
    /// the append-only triggers of `lineage_artifacts` and `labels` for the two updates and
    /// puts them back in the same transaction.
    static func createLineageFacts(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE lineage_artifacts ADD COLUMN size INTEGER;
                ALTER TABLE lineage_artifacts ADD COLUMN kind TEXT;
                ALTER TABLE lineage_artifacts ADD COLUMN component_count_total INTEGER;
                ALTER TABLE lineage_artifacts ADD COLUMN membership_index TEXT;
                ALTER TABLE lineage_artifacts ADD COLUMN components_digest TEXT;

                -- Alias digests (other than the canonical one) as each lineage gave them; the
                -- digest index serves prefix lookups through the lineages a reader can see.
                CREATE TABLE lineage_artifact_digests (
                    lineage_id INTEGER NOT NULL REFERENCES lineages(id),
                    artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    algorithm TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    PRIMARY KEY (lineage_id, artifact_id, algorithm, digest)
                ) WITHOUT ROWID;
                CREATE INDEX lineage_artifact_digests_digest ON lineage_artifact_digests(digest, lineage_id, artifact_id);

                CREATE TABLE lineage_composite_components (
                    lineage_id INTEGER NOT NULL REFERENCES lineages(id),
                    artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    position INTEGER NOT NULL,
                    relative_path TEXT NOT NULL,
                    leaf_kind TEXT,
                    component_algorithm TEXT NOT NULL,
                    component_digest TEXT NOT NULL,
                    component_size INTEGER,
                    component_type TEXT,
                    PRIMARY KEY (lineage_id, artifact_id, position)
                ) WITHOUT ROWID;

                DROP TRIGGER lineage_artifacts_append_only_update;
                UPDATE lineage_artifacts SET
                    size = (SELECT a.size FROM artifacts a WHERE a.id = lineage_artifacts.artifact_id),
                    kind = (SELECT a.kind FROM artifacts a WHERE a.id = lineage_artifacts.artifact_id),
                    component_count_total = (SELECT c.component_count_total FROM composites c WHERE c.artifact_id = lineage_artifacts.artifact_id),
                    membership_index = (SELECT c.membership_index FROM composites c WHERE c.artifact_id = lineage_artifacts.artifact_id);
                CREATE TRIGGER lineage_artifacts_append_only_update BEFORE UPDATE ON lineage_artifacts
                BEGIN SELECT RAISE(ABORT, 'lineage_artifacts is append-only: rows cannot be updated'); END;

                INSERT INTO lineage_artifact_digests (lineage_id, artifact_id, algorithm, digest)
                SELECT la.lineage_id, d.artifact_id, d.algorithm, d.digest
                FROM artifact_digests d JOIN artifacts a ON a.id = d.artifact_id JOIN lineage_artifacts la ON la.artifact_id = d.artifact_id
                WHERE NOT (d.digest = a.hash AND d.algorithm = a.algorithm);

                INSERT INTO lineage_composite_components
                    (lineage_id, artifact_id, position, relative_path, leaf_kind, component_algorithm, component_digest, component_size, component_type)
                SELECT la.lineage_id, c.artifact_id, c.position, c.relative_path, c.leaf_kind, c.component_algorithm, c.component_digest,
                       c.component_size, c.component_type
                FROM composite_components c JOIN lineage_artifacts la ON la.artifact_id = c.artifact_id;

                """)
        try createAppendOnlyTriggers(db, tables: ["lineage_artifact_digests", "lineage_composite_components"])
        try scopeArtifactLabels(db)
    }

    /// Moves each artifact label document (`artifact:DIGEST`, every version) into the scope of
    /// one lineage naming the artifact (`artifact:LINEAGE:DIGEST`).
    static func scopeArtifactLabels(_ db: Database) throws {
        let documents = try Row.fetchAll(
            db,
            sql: """
                SELECT l.target_key, l.artifact_hash,
                    (SELECT x.session_hash FROM labels x WHERE x.target_key = l.target_key ORDER BY x.version DESC LIMIT 1) AS latest
                FROM labels l WHERE l.entity_type = 'artifact' AND l.target_key = 'artifact:' || l.artifact_hash GROUP BY l.target_key
                """)
        guard !documents.isEmpty else { return }
        try db.execute(sql: "DROP TRIGGER labels_append_only_update")
        for document in documents {
            let artifact: String = document["artifact_hash"]
            guard
                let lineage = try String.fetchOne(
                    db,
                    sql: """
                        SELECT l.hash FROM lineage_artifacts la JOIN lineages l ON l.id = la.lineage_id JOIN artifacts a ON a.id = la.artifact_id
                        WHERE a.hash = ? ORDER BY l.hash IS ? DESC, l.id LIMIT 1
                        """,
                    arguments: [artifact, document["latest"] as String?])
            else { continue }
            try db.execute(
                sql: "UPDATE labels SET session_hash = ?, target_key = ? WHERE target_key = ?",
                arguments: [lineage, "artifact:\(lineage):\(artifact)", document["target_key"] as String])
        }
        try db.execute(
            sql: """
                CREATE TRIGGER labels_append_only_update BEFORE UPDATE ON labels
                BEGIN SELECT RAISE(ABORT, 'labels is append-only: rows cannot be updated'); END;
                """)
    }
}
