import LineageStore

/// The PostgreSQL schema as the same named migrations as the SQLite store, recorded in
/// `glaas_migrations` and applied under an advisory lock so servers starting together do not race.
///
/// History tables are append-only: a trigger refuses every UPDATE, DELETE and TRUNCATE of them.
enum PostgresSchema {
    /// The SQL of each migration; the names are `RegistryMigration`'s, as in the SQLite store.
    static func sql(for migration: RegistryMigration) -> String {
        switch migration {
        case .history: history
        case .appendOnlyTriggers: appendOnly(RegistrySchema.historyTables.filter { !RegistrySchema.laterHistoryTables.contains($0) })
        case .users: users
        case .registrationSessions: registrationSessions
        case .jobAliases: jobAliases + appendOnly(["job_aliases"])
        case .queryIndexes: queryIndexes
        case .pathIndex: pathIndex
        case .commandIndex: commandIndex
        case .userStatus: "ALTER TABLE users ADD COLUMN disabled_at DOUBLE PRECISION"
        case .lineageFacts: lineageFacts + appendOnly(["lineage_artifact_digests", "lineage_composite_components"])
        // An UPSERT fires the update trigger and PostgreSQL has no REPLACE: nothing to add.
        case .insertGuards: "SELECT 1"
        case .accessTokens:
            """
            CREATE TABLE access_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id),
                name TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at DOUBLE PRECISION NOT NULL,
                expires_at DOUBLE PRECISION,
                revoked_at DOUBLE PRECISION
            );
            CREATE INDEX access_tokens_user ON access_tokens(user_id, name)
            """
        case .teams: teams
        // text_pattern_ops: a commit prefix is a range the index reads whatever the collation.
        case .gitSearchIndexes:
            "CREATE INDEX lineages_git_repo ON lineages(git_repo); CREATE INDEX jobs_git_commit ON jobs(git_commit text_pattern_ops)"
        }
    }

    /// Trigram indexes of edge paths for path-substring search (pg_trgm, a trusted extension
    /// that a role with CREATE on the database may add): a search by `LIKE '%text%'` then
    /// reads the index instead of every edge. The extension is one per database, whatever
    /// schema each store uses: created in `public` unless it exists (a store migrating at the
    /// same moment may have just made it), and its operator class named with its schema.
    static let pathIndex = """
        DO $$
        DECLARE home text;
        BEGIN
            BEGIN
                CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
            EXCEPTION WHEN unique_violation THEN NULL;
            END;
            SELECT extnamespace::regnamespace::text INTO home FROM pg_extension WHERE extname = 'pg_trgm';
            EXECUTE format('CREATE INDEX job_inputs_path_trigram ON job_inputs USING gin (path %s.gin_trgm_ops)', home);
            EXECUTE format('CREATE INDEX job_outputs_path_trigram ON job_outputs USING gin (path %s.gin_trgm_ops)', home);
        END
        $$
        """

    /// A trigram index of job commands for command-text search, as `pathIndex` (which made
    /// sure pg_trgm exists).
    static let commandIndex = """
        DO $$
        DECLARE home text;
        BEGIN
            SELECT extnamespace::regnamespace::text INTO home FROM pg_extension WHERE extname = 'pg_trgm';
            EXECUTE format('CREATE INDEX jobs_command_trigram ON jobs USING gin (command %s.gin_trgm_ops)', home);
        END
        $$
        """

    /// Migration v10-teams, as `SQLiteSchema.teams`.
    static let teams = """
        CREATE TABLE organizations (
            id TEXT PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE organization_members (
            organization_id TEXT NOT NULL REFERENCES organizations(id),
            user_id TEXT NOT NULL REFERENCES users(id),
            role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
            added_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (organization_id, user_id)
        );
        CREATE INDEX organization_members_user ON organization_members(user_id, organization_id);
        CREATE TABLE projects (
            id TEXT PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organizations(id),
            slug TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
            created_at DOUBLE PRECISION NOT NULL,
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
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            poll_interval BIGINT NOT NULL,
            last_polled_at DOUBLE PRECISION,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'redeemed')),
            user_id TEXT REFERENCES users(id),
            decided_at DOUBLE PRECISION
        )
        """

    static let history = """
        CREATE TABLE artifacts (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            algorithm TEXT NOT NULL,
            size BIGINT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'file',
            created_at DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE artifact_digests (
            digest TEXT COLLATE "C" NOT NULL,
            algorithm TEXT NOT NULL,
            artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
            PRIMARY KEY (digest, algorithm)
        );
        CREATE INDEX artifact_digests_artifact ON artifact_digests(artifact_id);
        CREATE TABLE lineages (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            hash TEXT COLLATE "C" NOT NULL UNIQUE,
            creator_identity TEXT NOT NULL,
            git_repo TEXT,
            git_commit TEXT,
            git_branch TEXT,
            job_count INTEGER NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE publications (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            lineage_id BIGINT NOT NULL REFERENCES lineages(id),
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
            owner_user_id TEXT,
            registration_session_id TEXT,
            created_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX publications_lineage ON publications(lineage_id, visibility, owner_user_id);
        CREATE INDEX publications_owner ON publications(owner_user_id, lineage_id);
        CREATE TABLE jobs (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            lineage_id BIGINT NOT NULL REFERENCES lineages(id),
            job_uid TEXT NOT NULL,
            command TEXT,
            timestamp DOUBLE PRECISION,
            git_commit TEXT,
            git_branch TEXT,
            duration_seconds DOUBLE PRECISION,
            exit_code INTEGER,
            job_type TEXT NOT NULL,
            step_number INTEGER NOT NULL,
            parent_job_uid TEXT,
            metadata TEXT,
            UNIQUE (lineage_id, job_uid)
        );
        CREATE INDEX jobs_uid ON jobs(job_uid);
        CREATE TABLE job_inputs (
            job_id BIGINT NOT NULL REFERENCES jobs(id),
            artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
            path TEXT,
            size BIGINT,
            byte_ranges TEXT,
            PRIMARY KEY (job_id, artifact_id)
        );
        CREATE INDEX job_inputs_artifact ON job_inputs(artifact_id, job_id);
        CREATE TABLE job_outputs (
            job_id BIGINT NOT NULL REFERENCES jobs(id),
            artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
            path TEXT,
            size BIGINT,
            byte_ranges TEXT,
            PRIMARY KEY (job_id, artifact_id)
        );
        CREATE INDEX job_outputs_artifact ON job_outputs(artifact_id, job_id);
        CREATE TABLE lineage_artifacts (
            artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
            lineage_id BIGINT NOT NULL REFERENCES lineages(id),
            source_type TEXT,
            source_url TEXT,
            metadata TEXT,
            PRIMARY KEY (artifact_id, lineage_id)
        );
        CREATE INDEX lineage_artifacts_lineage ON lineage_artifacts(lineage_id);
        CREATE TABLE composites (
            artifact_id BIGINT PRIMARY KEY REFERENCES artifacts(id),
            component_count_total INTEGER NOT NULL,
            membership_index TEXT
        );
        CREATE TABLE composite_components (
            artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
            position INTEGER NOT NULL,
            relative_path TEXT NOT NULL,
            leaf_kind TEXT,
            component_algorithm TEXT NOT NULL,
            component_digest TEXT NOT NULL,
            component_size BIGINT,
            component_type TEXT,
            PRIMARY KEY (artifact_id, position)
        );
        CREATE TABLE view_edges (
            job_id BIGINT NOT NULL REFERENCES jobs(id),
            relation TEXT NOT NULL,
            target_artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
            bloom TEXT NOT NULL,
            selected_count INTEGER,
            parent_total INTEGER,
            PRIMARY KEY (job_id, relation, target_artifact_id)
        );
        CREATE TABLE labels (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            target_key TEXT NOT NULL,
            entity_type TEXT NOT NULL,
            session_hash TEXT,
            job_uid TEXT,
            artifact_hash TEXT,
            version INTEGER NOT NULL,
            document TEXT NOT NULL,
            tombstones TEXT NOT NULL,
            actor TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            UNIQUE (target_key, version)
        );
        """

    static func appendOnly(_ tables: [String]) -> String {
        var sql = """
            CREATE OR REPLACE FUNCTION glaas_refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: rows cannot be %', TG_TABLE_NAME,
                    CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END
                    USING ERRCODE = 'restrict_violation';
            END $$;

            """
        for table in tables {
            sql += """
                CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table)
                    FOR EACH ROW EXECUTE FUNCTION glaas_refuse_history_change();
                CREATE TRIGGER \(table)_append_only_truncate BEFORE TRUNCATE ON \(table)
                    FOR EACH STATEMENT EXECUTE FUNCTION glaas_refuse_history_change();

                """
        }
        return sql
    }

    static let users = """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            email TEXT,
            created_at DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE user_keys (
            fingerprint TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            key_type TEXT NOT NULL,
            public_key TEXT NOT NULL,
            comment TEXT,
            created_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX user_keys_user ON user_keys(user_id);
        CREATE TABLE used_signatures (
            signature_hash TEXT PRIMARY KEY,
            expires_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX used_signatures_expiry ON used_signatures(expires_at);
        """

    static let registrationSessions = """
        CREATE TABLE registration_sessions (
            id TEXT PRIMARY KEY,
            mode TEXT NOT NULL,
            token_hash TEXT,
            owner_user_id TEXT,
            creator_identity TEXT NOT NULL,
            client_session_id TEXT UNIQUE,
            status TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            bound_lineage_hash TEXT,
            receipt TEXT
        );
        CREATE INDEX registration_sessions_expiry ON registration_sessions(status, expires_at);
        CREATE TABLE staged_jobs (
            session_id TEXT NOT NULL,
            job_uid TEXT NOT NULL,
            seq BIGINT NOT NULL,
            payload TEXT NOT NULL,
            already_registered TEXT,
            PRIMARY KEY (session_id, job_uid)
        );
        CREATE TABLE staged_artifacts (
            session_id TEXT NOT NULL,
            hash TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (session_id, hash)
        );
        CREATE TABLE staged_composites (
            session_id TEXT NOT NULL,
            hash TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (session_id, hash)
        );
        CREATE TABLE staged_links (
            session_id TEXT NOT NULL,
            job_uid TEXT NOT NULL,
            direction TEXT NOT NULL,
            hash TEXT NOT NULL,
            path TEXT,
            size BIGINT,
            byte_ranges TEXT,
            PRIMARY KEY (session_id, job_uid, direction, hash)
        );
        CREATE TABLE staged_view_edges (
            session_id TEXT NOT NULL,
            job_uid TEXT NOT NULL,
            relation TEXT NOT NULL,
            target_hash TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (session_id, job_uid, relation, target_hash)
        );
        """

    static let jobAliases = """
        CREATE TABLE job_aliases (
            lineage_id BIGINT NOT NULL REFERENCES lineages(id),
            job_uid TEXT NOT NULL,
            job_id BIGINT NOT NULL REFERENCES jobs(id),
            PRIMARY KEY (lineage_id, job_uid)
        );
        CREATE INDEX job_aliases_uid ON job_aliases(job_uid);

        """

    /// Indexes for the query API's time ranges, as in the SQLite store.
    static let queryIndexes = """
        CREATE INDEX artifacts_created ON artifacts(created_at);
        CREATE INDEX jobs_timestamp ON jobs(timestamp);
        """
}
