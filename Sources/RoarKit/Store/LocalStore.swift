import Foundation
import GRDB

/// The project's own record of its jobs: `.roar/roar.sqlite`.
public final class LocalStore: Sendable {
    let queue: DatabaseQueue
    /// The user's machine-wide cache of facts, consulted when the project does not know one.
    let machineFacts: MachineFacts?

    public convenience init(path: String) throws {
        try self.init(path: path, machineFacts: .shared)
    }

    init(path: String, machineFacts: MachineFacts?) throws {
        self.machineFacts = machineFacts
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(queue)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-jobs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sessions (id INTEGER PRIMARY KEY, created_at REAL NOT NULL);
                    CREATE TABLE jobs (
                        id INTEGER PRIMARY KEY,
                        uid TEXT NOT NULL UNIQUE,
                        session_id INTEGER NOT NULL REFERENCES sessions(id),
                        step_number INTEGER NOT NULL,
                        job_type TEXT NOT NULL,
                        command TEXT NOT NULL,
                        argv TEXT NOT NULL,
                        cwd TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        duration_seconds REAL NOT NULL,
                        exit_code INTEGER,
                        signal INTEGER,
                        git_repo TEXT,
                        git_commit TEXT,
                        git_branch TEXT,
                        git_clean INTEGER,
                        metadata TEXT NOT NULL,
                        notes TEXT NOT NULL
                    );
                    CREATE INDEX jobs_session_step ON jobs(session_id, step_number);
                    CREATE TABLE job_files (
                        job_id INTEGER NOT NULL REFERENCES jobs(id),
                        role TEXT NOT NULL CHECK (role IN ('input', 'output', 'executable')),
                        path TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        note TEXT,
                        PRIMARY KEY (job_id, role, path)
                    );
                    CREATE INDEX job_files_digest ON job_files(digest, role);
                    CREATE INDEX job_files_path ON job_files(path, role);
                    CREATE TABLE processes (
                        job_id INTEGER NOT NULL REFERENCES jobs(id),
                        pid INTEGER NOT NULL,
                        parent_pid INTEGER,
                        argv TEXT NOT NULL,
                        executable TEXT,
                        exit TEXT NOT NULL,
                        PRIMARY KEY (job_id, pid)
                    );
                    -- Digests by file identity: a file whose (device, inode, size, mtime) is unchanged
                    -- is not read again.
                    CREATE TABLE hash_cache (
                        path TEXT PRIMARY KEY,
                        device INTEGER NOT NULL,
                        inode INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        mtime_ns INTEGER NOT NULL,
                        digest TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-environment") { db in
            try db.execute(
                sql: """
                    -- The job's environment (git, host, Python, Debian packages, variables) as JSON.
                    ALTER TABLE jobs ADD COLUMN environment TEXT;
                    -- Facts that stay true while a stamp is unchanged (dpkg ownership while dpkg's
                    -- database is unchanged): asked once, not on every run.
                    CREATE TABLE facts (
                        key TEXT PRIMARY KEY,
                        stamp INTEGER NOT NULL,
                        value TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3-registrations", migrate: createRegistrations)
        registerArtifactSources(in: &migrator)
        registerLabels(in: &migrator)
        registerSessionCommands(in: &migrator)
        return migrator
    }

    /// The session new jobs join: the latest one, created on first use.
    public func activeSessionID() throws -> Int64 {
        try queue.write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT max(id) FROM sessions") { return id }
            try db.execute(sql: "INSERT INTO sessions (created_at) VALUES (?)", arguments: [Date().timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// Starts a new session (`roar reset`): later jobs are numbered from @1 again.
    public func startSession() throws -> Int64 {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO sessions (created_at) VALUES (?)", arguments: [Date().timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }
}
