import GRDB
import LineageStore

/// The SQLite schema: every `RegistryMigration` as SQLite statements, applied in order and
/// recorded by GRDB.
///
/// History tables (`RegistrySchema.historyTables`, plus `artifact_paths` here) are append-only:
/// triggers make the database itself refuse an UPDATE or a DELETE of their rows. Operational
/// tables (users, registration sessions and their staging rows) change as sessions progress.
enum SQLiteSchema {
    /// History tables of this store only: the path index's (path, artifact) pairs.
    static let storeHistoryTables = ["artifact_paths"]
    /// The full-text (trigram) indexes: derived from history, rebuilt from it, not history.
    static let searchIndexTables = ["artifact_paths_trigram", "jobs_command_trigram"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in RegistryMigration.allCases {
            migrator.registerMigration(migration.rawValue) { db in try apply(migration, db) }
        }
        return migrator
    }

    static func apply(_ migration: RegistryMigration, _ db: Database) throws {
        switch migration {
        case .history: try createHistory(db)
        case .appendOnlyTriggers:
            try createAppendOnlyTriggers(db, tables: RegistrySchema.historyTables.filter { !RegistrySchema.laterHistoryTables.contains($0) })
        case .users: try createUsers(db)
        case .registrationSessions: try createRegistrationSessions(db)
        case .jobAliases: try createJobAliases(db)
        case .queryIndexes: try db.execute(sql: queryIndexes)
        case .pathIndex: try createPathIndex(db)
        case .commandIndex: try createCommandIndex(db)
        case .userStatus: try db.execute(sql: "ALTER TABLE users ADD COLUMN disabled_at REAL")
        case .lineageFacts: try createLineageFacts(db)
        case .insertGuards: try createInsertGuards(db, tables: RegistrySchema.historyTables + storeHistoryTables)
        case .accessTokens:
            try db.execute(
                sql: """
                    CREATE TABLE access_tokens (
                        id TEXT PRIMARY KEY,
                        user_id TEXT NOT NULL REFERENCES users(id),
                        name TEXT NOT NULL,
                        secret_hash TEXT NOT NULL UNIQUE,
                        created_at REAL NOT NULL,
                        expires_at REAL,
                        revoked_at REAL
                    );
                    CREATE INDEX access_tokens_user ON access_tokens(user_id, name);
                    """)
        case .teams: try db.execute(sql: teams)
        case .gitSearchIndexes:
            try db.execute(sql: "CREATE INDEX lineages_git_repo ON lineages(git_repo); CREATE INDEX jobs_git_commit ON jobs(git_commit)")
        }
    }

    /// Migration v10-teams: organizations, members, projects, publications into projects,
    /// device logins, token kinds and grants.
    static let teams = """
        CREATE TABLE organizations (
            id TEXT PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE TABLE organization_members (
            organization_id TEXT NOT NULL REFERENCES organizations(id),
            user_id TEXT NOT NULL REFERENCES users(id),
            role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
            added_at REAL NOT NULL,
            PRIMARY KEY (organization_id, user_id)
        ) WITHOUT ROWID;
        CREATE INDEX organization_members_user ON organization_members(user_id, organization_id);
        CREATE TABLE projects (
            id TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organizations(id),
            slug TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
            created_at REAL NOT NULL,
            UNIQUE (organization_id, slug)
        );
        ALTER TABLE publications ADD COLUMN project_id TEXT;
        CREATE INDEX publications_project ON publications(project_id, lineage_id);
        -- The visibility predicate reads the publications of a lineage from this index alone.
        DROP INDEX publications_lineage;
        CREATE INDEX publications_lineage ON publications(lineage_id, visibility, owner_user_id, project_id);
        ALTER TABLE access_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'access', 'refresh', 'web'));
        ALTER TABLE access_tokens ADD COLUMN grant_id TEXT;
        CREATE INDEX access_tokens_grant ON access_tokens(grant_id);
        CREATE TABLE device_authorizations (
            device_code_hash TEXT PRIMARY KEY,
            user_code TEXT NOT NULL UNIQUE,
            client_id TEXT NOT NULL,
            client_name TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            poll_interval INTEGER NOT NULL,
            last_polled_at REAL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'redeemed')),
            user_id TEXT REFERENCES users(id),
            decided_at REAL
        );
        """

    static func createHistory(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE artifacts (
                    id INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL UNIQUE,
                    algorithm TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    kind TEXT NOT NULL DEFAULT 'file',
                    created_at REAL NOT NULL
                );
                -- Every digest of every artifact; the primary key is the prefix-lookup index.
                CREATE TABLE artifact_digests (
                    digest TEXT NOT NULL,
                    algorithm TEXT NOT NULL,
                    artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    PRIMARY KEY (digest, algorithm)
                ) WITHOUT ROWID;
                CREATE INDEX artifact_digests_artifact ON artifact_digests(artifact_id);

                CREATE TABLE lineages (
                    id INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL UNIQUE,
                    creator_identity TEXT NOT NULL,
                    git_repo TEXT,
                    git_commit TEXT,
                    git_branch TEXT,
                    job_count INTEGER NOT NULL,
                    created_at REAL NOT NULL
                );
                -- Who published a lineage and for whom; a lineage is visible through any of them.
                CREATE TABLE publications (
                    id INTEGER PRIMARY KEY,
                    lineage_id INTEGER NOT NULL REFERENCES lineages(id),
                    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
                    owner_user_id TEXT,
                    registration_session_id TEXT,
                    created_at REAL NOT NULL
                );
                CREATE INDEX publications_lineage ON publications(lineage_id, visibility, owner_user_id);
                CREATE INDEX publications_owner ON publications(owner_user_id, lineage_id);

                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY,
                    lineage_id INTEGER NOT NULL REFERENCES lineages(id),
                    job_uid TEXT NOT NULL,
                    command TEXT,
                    timestamp REAL,
                    git_commit TEXT,
                    git_branch TEXT,
                    duration_seconds REAL,
                    exit_code INTEGER,
                    job_type TEXT NOT NULL,
                    step_number INTEGER NOT NULL,
                    parent_job_uid TEXT,
                    metadata TEXT,
                    UNIQUE (lineage_id, job_uid)
                );
                CREATE INDEX jobs_uid ON jobs(job_uid);

                -- Edges, one per (job, artifact); indexed both ways for walks up and down.
                CREATE TABLE job_inputs (
                    job_id INTEGER NOT NULL REFERENCES jobs(id),
                    artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    path TEXT,
                    size INTEGER,
                    byte_ranges TEXT,
                    PRIMARY KEY (job_id, artifact_id)
                ) WITHOUT ROWID;
                CREATE INDEX job_inputs_artifact ON job_inputs(artifact_id, job_id);
                CREATE TABLE job_outputs (
                    job_id INTEGER NOT NULL REFERENCES jobs(id),
                    artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    path TEXT,
                    size INTEGER,
                    byte_ranges TEXT,
                    PRIMARY KEY (job_id, artifact_id)
                ) WITHOUT ROWID;
                CREATE INDEX job_outputs_artifact ON job_outputs(artifact_id, job_id);

                -- The artifacts of a lineage, with what its publisher said about them.
                CREATE TABLE lineage_artifacts (
                    artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    lineage_id INTEGER NOT NULL REFERENCES lineages(id),
                    source_type TEXT,
                    source_url TEXT,
                    metadata TEXT,
                    PRIMARY KEY (artifact_id, lineage_id)
                ) WITHOUT ROWID;
                CREATE INDEX lineage_artifacts_lineage ON lineage_artifacts(lineage_id);

                CREATE TABLE composites (
                    artifact_id INTEGER PRIMARY KEY REFERENCES artifacts(id),
                    component_count_total INTEGER NOT NULL,
                    membership_index TEXT
                );
                CREATE TABLE composite_components (
                    artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    position INTEGER NOT NULL,
                    relative_path TEXT NOT NULL,
                    leaf_kind TEXT,
                    component_algorithm TEXT NOT NULL,
                    component_digest TEXT NOT NULL,
                    component_size INTEGER,
                    component_type TEXT,
                    PRIMARY KEY (artifact_id, position)
                ) WITHOUT ROWID;

                CREATE TABLE view_edges (
                    job_id INTEGER NOT NULL REFERENCES jobs(id),
                    relation TEXT NOT NULL,
                    target_artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
                    bloom TEXT NOT NULL,
                    selected_count INTEGER,
                    parent_total INTEGER,
                    PRIMARY KEY (job_id, relation, target_artifact_id)
                ) WITHOUT ROWID;

                -- Versioned label documents: a change is a new row, never an edit.
                CREATE TABLE labels (
                    id INTEGER PRIMARY KEY,
                    target_key TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    session_hash TEXT,
                    job_uid TEXT,
                    artifact_hash TEXT,
                    version INTEGER NOT NULL,
                    document TEXT NOT NULL,
                    tombstones TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    UNIQUE (target_key, version)
                );
                """)
    }

    static func createAppendOnlyTriggers(_ db: Database, tables: [String]) throws {
        for table in tables {
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_append_only_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only: rows cannot be updated'); END;
                    CREATE TRIGGER \(table)_append_only_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only: rows cannot be deleted'); END;
                    """)
        }
    }

    /// The same content published again under other job uids (roar-cli derives uids from its
    /// local hash, which for some publishers differs from the server's) is the same lineage; the
    /// second set of uids are aliases of the first's jobs, so labels and re-registers that name
    /// them find their job.
    static func createJobAliases(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE job_aliases (
                    lineage_id INTEGER NOT NULL REFERENCES lineages(id),
                    job_uid TEXT NOT NULL,
                    job_id INTEGER NOT NULL REFERENCES jobs(id),
                    PRIMARY KEY (lineage_id, job_uid)
                ) WITHOUT ROWID;
                CREATE INDEX job_aliases_uid ON job_aliases(job_uid);
                """)
        try createAppendOnlyTriggers(db, tables: ["job_aliases"])
    }

    static func createUsers(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    email TEXT,
                    created_at REAL NOT NULL
                );
                CREATE TABLE user_keys (
                    fingerprint TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id),
                    key_type TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    comment TEXT,
                    created_at REAL NOT NULL
                );
                CREATE INDEX user_keys_user ON user_keys(user_id);
                -- Signatures of state-changing requests already accepted, kept until they expire.
                CREATE TABLE used_signatures (
                    signature_hash TEXT PRIMARY KEY,
                    expires_at REAL NOT NULL
                );
                CREATE INDEX used_signatures_expiry ON used_signatures(expires_at);
                """)
    }

    static func createRegistrationSessions(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE registration_sessions (
                    id TEXT PRIMARY KEY,
                    mode TEXT NOT NULL,
                    token_hash TEXT,
                    owner_user_id TEXT,
                    creator_identity TEXT NOT NULL,
                    client_session_id TEXT UNIQUE,
                    status TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    bound_lineage_hash TEXT,
                    receipt TEXT
                );
                CREATE INDEX registration_sessions_expiry ON registration_sessions(status, expires_at);
                CREATE TABLE staged_jobs (
                    session_id TEXT NOT NULL,
                    job_uid TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    payload TEXT NOT NULL,
                    already_registered TEXT,
                    PRIMARY KEY (session_id, job_uid)
                ) WITHOUT ROWID;
                CREATE TABLE staged_artifacts (
                    session_id TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    PRIMARY KEY (session_id, hash)
                ) WITHOUT ROWID;
                CREATE TABLE staged_composites (
                    session_id TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    PRIMARY KEY (session_id, hash)
                ) WITHOUT ROWID;
                CREATE TABLE staged_links (
                    session_id TEXT NOT NULL,
                    job_uid TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    path TEXT,
                    size INTEGER,
                    byte_ranges TEXT,
                    PRIMARY KEY (session_id, job_uid, direction, hash)
                ) WITHOUT ROWID;
                CREATE TABLE staged_view_edges (
                    session_id TEXT NOT NULL,
                    job_uid TEXT NOT NULL,
                    relation TEXT NOT NULL,
                    target_hash TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    PRIMARY KEY (session_id, job_uid, relation, target_hash)
                ) WITHOUT ROWID;
                """)
    }

    /// Indexes for the query API's time ranges (`/api/graph/v1/artifacts?since=`, `/jobs?since=`).
    static let queryIndexes = """
        CREATE INDEX artifacts_created ON artifacts(created_at);
        CREATE INDEX jobs_timestamp ON jobs(timestamp);
        """
}
