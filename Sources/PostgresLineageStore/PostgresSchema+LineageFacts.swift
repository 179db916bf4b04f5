extension PostgresSchema {
    /// Migration v7-lineage-facts, as `SQLiteSchema.createLineageFacts` describes it: facts per
    /// lineage carried over from the registry-wide values, artifact labels moved into a
    /// lineage's scope. The migration (run by the owner) disables the append-only triggers of
    /// `lineage_artifacts` and `labels` for its two updates, in its own transaction.
    static let lineageFacts = """
        ALTER TABLE lineage_artifacts ADD COLUMN size BIGINT;
        ALTER TABLE lineage_artifacts ADD COLUMN kind TEXT;
        ALTER TABLE lineage_artifacts ADD COLUMN component_count_total INTEGER;
        ALTER TABLE lineage_artifacts ADD COLUMN membership_index TEXT;
        ALTER TABLE lineage_artifacts ADD COLUMN components_digest TEXT;

        CREATE TABLE lineage_artifact_digests (
            lineage_id BIGINT NOT NULL REFERENCES lineages(id),
            artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
            algorithm TEXT NOT NULL,
            digest TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (lineage_id, artifact_id, algorithm, digest)
        );
        CREATE INDEX lineage_artifact_digests_digest ON lineage_artifact_digests(digest, lineage_id, artifact_id);

        CREATE TABLE lineage_composite_components (
            lineage_id BIGINT NOT NULL REFERENCES lineages(id),
            artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
            position INTEGER NOT NULL,
            relative_path TEXT NOT NULL,
            leaf_kind TEXT,
            component_algorithm TEXT NOT NULL,
            component_digest TEXT NOT NULL,
            component_size BIGINT,
            component_type TEXT,
            PRIMARY KEY (lineage_id, artifact_id, position)
        );

        ALTER TABLE lineage_artifacts DISABLE TRIGGER lineage_artifacts_append_only;
        UPDATE lineage_artifacts la SET size = a.size, kind = a.kind,
            component_count_total = c.component_count_total, membership_index = c.membership_index
        FROM artifacts a LEFT JOIN composites c ON c.artifact_id = a.id
        WHERE a.id = la.artifact_id;
        ALTER TABLE lineage_artifacts ENABLE TRIGGER lineage_artifacts_append_only;

        INSERT INTO lineage_artifact_digests (lineage_id, artifact_id, algorithm, digest)
        SELECT la.lineage_id, d.artifact_id, d.algorithm, d.digest
        FROM artifact_digests d JOIN artifacts a ON a.id = d.artifact_id JOIN lineage_artifacts la ON la.artifact_id = d.artifact_id
        WHERE NOT (d.digest = a.hash AND d.algorithm = a.algorithm);

        INSERT INTO lineage_composite_components
            (lineage_id, artifact_id, position, relative_path, leaf_kind, component_algorithm, component_digest, component_size, component_type)
        SELECT la.lineage_id, c.artifact_id, c.position, c.relative_path, c.leaf_kind, c.component_algorithm, c.component_digest,
               c.component_size, c.component_type
        FROM composite_components c JOIN lineage_artifacts la ON la.artifact_id = c.artifact_id;

        ALTER TABLE labels DISABLE TRIGGER labels_append_only;
        UPDATE labels lb SET session_hash = (
            SELECT l.hash FROM lineage_artifacts la JOIN lineages l ON l.id = la.lineage_id JOIN artifacts a ON a.id = la.artifact_id
            WHERE a.hash = lb.artifact_hash
            ORDER BY l.hash IS NOT DISTINCT FROM (SELECT x.session_hash FROM labels x WHERE x.target_key = lb.target_key
                                                  ORDER BY x.version DESC LIMIT 1) DESC, l.id
            LIMIT 1)
        WHERE lb.entity_type = 'artifact' AND lb.target_key = 'artifact:' || lb.artifact_hash;
        UPDATE labels SET target_key = 'artifact:' || session_hash || ':' || artifact_hash
        WHERE entity_type = 'artifact' AND target_key = 'artifact:' || artifact_hash AND session_hash IS NOT NULL;
        ALTER TABLE labels ENABLE TRIGGER labels_append_only;
        """
}
