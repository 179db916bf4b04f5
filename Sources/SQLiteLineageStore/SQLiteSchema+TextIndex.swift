import GRDB
import LineageStore

extension SQLiteSchema {
    /// A trigram index of the paths artifacts were read and written at, for path-substring
    /// search (`/api/graph/v1/artifacts?path=`): without it a search scans every edge.
    ///
    /// `artifact_paths` holds each (path, artifact) once; the FTS5 table indexes its paths by
    /// trigram (case-sensitive, as `instr` compares). Both are filled once per published
    /// lineage by `indexSearchText`, in the publishing transaction: a statement per lineage costs
    /// a fraction of a trigger per edge. The index only narrows the candidates: searches
    /// still check the substring and that a visible job read or wrote the artifact there.
    static func createPathIndex(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE artifact_paths (
                    id INTEGER PRIMARY KEY,
                    artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    path TEXT NOT NULL,
                    UNIQUE (path, artifact_id)
                );
                CREATE VIRTUAL TABLE artifact_paths_trigram USING fts5(
                    path, content = 'artifact_paths', content_rowid = 'id', tokenize = 'trigram case_sensitive 1');
                INSERT OR IGNORE INTO artifact_paths (artifact_id, path)
                    SELECT artifact_id, path FROM job_outputs WHERE path IS NOT NULL
                    UNION SELECT artifact_id, path FROM job_inputs WHERE path IS NOT NULL;
                INSERT INTO artifact_paths_trigram (rowid, path) SELECT id, path FROM artifact_paths;
                """)
        try createAppendOnlyTriggers(db, tables: ["artifact_paths"])
    }

    /// A trigram index of job commands, for command-text search (`/api/graph/v1/jobs?command=`),
    /// over the `jobs` table itself (FTS5 external content), filled as `createPathIndex` says.
    static func createCommandIndex(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE jobs_command_trigram USING fts5(
                    command, content = 'jobs', content_rowid = 'id', tokenize = 'trigram case_sensitive 1');
                INSERT INTO jobs_command_trigram (rowid, command) SELECT id, command FROM jobs WHERE command IS NOT NULL;
                """)
    }

    /// Indexes the commands of lineage `lineageID` and the paths of its edges not indexed yet,
    /// inside its publishing transaction.
    static func indexSearchText(_ db: Database, lineageID: Int64) throws {
        try db.cachedStatement(
            sql: "INSERT INTO jobs_command_trigram (rowid, command) SELECT id, command FROM jobs WHERE lineage_id = ? AND command IS NOT NULL"
        )
        .execute(arguments: [lineageID])
        let indexed = try db.cachedValue(Int64.self, sql: "SELECT max(id) FROM artifact_paths") ?? 0
        try db.cachedStatement(
            sql: """
                INSERT INTO artifact_paths (artifact_id, path)
                SELECT x.artifact_id, x.path FROM (
                    SELECT e.artifact_id, e.path FROM jobs j JOIN job_outputs e ON e.job_id = j.id WHERE j.lineage_id = :lineage AND e.path IS NOT NULL
                    UNION SELECT e.artifact_id, e.path FROM jobs j JOIN job_inputs e ON e.job_id = j.id WHERE j.lineage_id = :lineage AND e.path IS NOT NULL
                ) x WHERE NOT EXISTS (SELECT 1 FROM artifact_paths ap WHERE ap.path = x.path AND ap.artifact_id = x.artifact_id)
                """
        ).execute(arguments: ["lineage": lineageID])
        try db.cachedStatement(sql: "INSERT INTO artifact_paths_trigram (rowid, path) SELECT id, path FROM artifact_paths WHERE id > ?")
            .execute(arguments: [indexed])
    }

    /// The FTS5 query that finds texts containing `text`: one phrase, whose trigrams must be
    /// consecutive. Nil under three characters, which no trigram covers.
    static func trigramPhrase(_ text: String) -> String? {
        guard text.unicodeScalars.count >= 3 else { return nil }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
