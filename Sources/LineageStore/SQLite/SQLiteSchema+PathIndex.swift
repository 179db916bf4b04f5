import GRDB

extension SQLiteSchema {
    /// A trigram index of the paths artifacts were read and written at, for path-substring
    /// search (`/api/graph/v1/artifacts?path=`): without it a search scans every edge.
    ///
    /// `artifact_paths` holds each (path, artifact) once, filled by triggers on the edge
    /// tables, so every writer (registration, import, ingest) keeps it without knowing; the
    /// FTS5 table indexes its paths by trigram (case-sensitive, as `instr` compares). The
    /// index only narrows the candidates: searches still check the substring and that a
    /// visible job read or wrote the artifact at that path.
    static func createPathIndex(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE artifact_paths (
                id INTEGER PRIMARY KEY,
                artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                path TEXT NOT NULL,
                UNIQUE (path, artifact_id)
            );
            CREATE VIRTUAL TABLE artifact_paths_trigram USING fts5(
                path, content = 'artifact_paths', content_rowid = 'id', tokenize = 'trigram case_sensitive 1');
            CREATE TRIGGER artifact_paths_indexed AFTER INSERT ON artifact_paths
            BEGIN INSERT INTO artifact_paths_trigram (rowid, path) VALUES (new.id, new.path); END;
            CREATE TRIGGER job_inputs_path AFTER INSERT ON job_inputs WHEN new.path IS NOT NULL
            BEGIN INSERT OR IGNORE INTO artifact_paths (artifact_id, path) VALUES (new.artifact_id, new.path); END;
            CREATE TRIGGER job_outputs_path AFTER INSERT ON job_outputs WHEN new.path IS NOT NULL
            BEGIN INSERT OR IGNORE INTO artifact_paths (artifact_id, path) VALUES (new.artifact_id, new.path); END;
            INSERT OR IGNORE INTO artifact_paths (artifact_id, path)
                SELECT artifact_id, path FROM job_outputs WHERE path IS NOT NULL
                UNION SELECT artifact_id, path FROM job_inputs WHERE path IS NOT NULL;
            """)
        try createAppendOnlyTriggers(db, tables: ["artifact_paths"])
    }

    /// The FTS5 query that finds paths containing `text`: one phrase, whose trigrams must be
    /// consecutive. Nil under three characters, which no trigram covers.
    static func trigramPhrase(_ text: String) -> String? {
        guard text.unicodeScalars.count >= 3 else { return nil }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
