import Foundation
import GRDB

/// Sessions and their jobs: `roar reset` (a new session), `roar pop` (undo the last job),
/// `roar session` (list, show), and the step names of `roar run -n`.
extension LocalStore {
    /// One session: when it began and how many jobs it holds.
    public struct SessionSummary: Sendable, Hashable {
        public var id: Int64
        public var createdAt: Date
        public var jobCount: Int
        /// Whether new jobs join it (the latest session).
        public var active: Bool
    }

    /// Registered from the migrator after the earlier migrations: the name `roar run -n` gives
    /// a job (roar-cli keeps it as the job's `name` label).
    static func registerSessionCommands(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v-session-commands") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN step_name TEXT")
        }
    }

    /// Every session, oldest first.
    public func sessions() throws -> [SessionSummary] {
        let active = try activeSessionID()
        return try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.created_at, (SELECT count(*) FROM jobs j WHERE j.session_id = s.id) AS jobs
                    FROM sessions s ORDER BY s.id
                    """
            ).map {
                SessionSummary(
                    id: $0["id"], createdAt: Date(timeIntervalSince1970: $0["created_at"]), jobCount: $0["jobs"], active: $0["id"] == active)
            }
        }
    }

    /// The latest job of a session (the highest step), nil when it has none.
    public func lastJob(session: Int64) throws -> LocalJob? {
        try queue.read { db in
            try Self.load(
                db,
                try Row.fetchAll(
                    db, sql: "SELECT * FROM jobs WHERE session_id = ? ORDER BY step_number DESC, id DESC LIMIT 1", arguments: [session])
            ).first
        }
    }

    /// Removes a job's record: its files, processes, the sources it recorded, its labels, and the job.
    /// Returns whether it existed.
    @discardableResult
    public func removeJob(id: Int64) throws -> Bool {
        try queue.write { db in
            for table in ["job_files", "processes", "artifact_sources"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE job_id = ?", arguments: [id])
            }
            // Its label versions go with it (keyed by uid: labels outlive nothing they describe).
            try db.execute(
                sql: "DELETE FROM labels WHERE entity_type = 'job' AND entity_key IN (SELECT uid FROM jobs WHERE id = ?)", arguments: [id])
            try db.execute(sql: "DELETE FROM jobs WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// The latest job that wrote `digest` at `path` (not a copy of the same bytes elsewhere).
    public func producer(ofPath path: String, digest: String) throws -> LocalJob? {
        try queue.read { db in
            try Self.load(
                db,
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT j.* FROM job_files f JOIN jobs j ON j.id = f.job_id
                        WHERE f.path = ? AND f.digest = ? AND f.role = 'output' ORDER BY j.id DESC LIMIT 1
                        """,
                    arguments: [path, digest])
            ).first
        }
    }

    /// The jobs other than `job` that recorded `path` with `digest` (as an input or an output).
    public func otherRecords(path: String, digest: String, except job: Int64) throws -> [LocalJob] {
        try queue.read { db in
            try Self.load(
                db,
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT j.* FROM job_files f JOIN jobs j ON j.id = f.job_id
                        WHERE f.path = ? AND f.digest = ? AND f.role != 'executable' AND j.id != ? ORDER BY j.id DESC LIMIT 3
                        """,
                    arguments: [path, digest, job]))
        }
    }
}
