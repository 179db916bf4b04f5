import Foundation
import GRDB
import RoarEnvironment

extension LocalStore {
    /// Stores a job in the active session with the next step number and a fresh uid; returns it
    /// as stored. `job.id`, `uid`, `sessionID` and `stepNumber` are assigned here.
    public func record(_ job: LocalJob) throws -> LocalJob {
        let session = try activeSessionID()
        return try queue.write { db in try Self.insert(job, session: session, db) }
    }

    /// Inserts `job` into `session` inside the caller's transaction (see `record`).
    static func insert(_ job: LocalJob, session: Int64, _ db: Database) throws -> LocalJob {
        var job = job
        job.sessionID = session
        job.stepNumber = (try Int.fetchOne(db, sql: "SELECT max(step_number) FROM jobs WHERE session_id = ?", arguments: [session]) ?? 0) + 1
        repeat {
            job.uid = String(format: "%08x", UInt32.random(in: 0...UInt32.max))
        } while try Bool.fetchOne(db, sql: "SELECT 1 FROM jobs WHERE uid = ?", arguments: [job.uid]) == true
        try db.execute(
            sql: """
                INSERT INTO jobs (uid, session_id, step_number, job_type, command, argv, cwd, started_at, duration_seconds,
                                  exit_code, signal, git_repo, git_commit, git_branch, git_clean, metadata, notes, environment, step_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                job.uid, session, job.stepNumber, job.jobType, job.command, try Self.json(job.argv), job.cwd,
                job.startedAt.timeIntervalSince1970, job.durationSeconds, job.exitCode, job.signal, job.gitRepo, job.gitCommit,
                job.gitBranch, job.gitClean, job.metadata, try Self.json(job.notes), try job.environment.map { try Self.json($0) },
                job.stepName,
            ])
        job.id = db.lastInsertedRowID
        let file = try db.cachedStatement(sql: "INSERT OR IGNORE INTO job_files (job_id, role, path, digest, size, note) VALUES (?, ?, ?, ?, ?, ?)")
        for (role, files) in [("input", job.inputs), ("output", job.outputs), ("executable", job.executables)] {
            for entry in files { try file.execute(arguments: [job.id, role, entry.path, entry.digest, entry.size, entry.note]) }
        }
        let process = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO processes (job_id, pid, parent_pid, argv, executable, exit) VALUES (?, ?, ?, ?, ?, ?)")
        for entry in job.processes {
            try process.execute(arguments: [job.id, entry.pid, entry.parentPID, try Self.json(entry.argv), entry.executable, entry.exit])
        }
        return job
    }

    /// Jobs of a session (the active one by default), in step order.
    public func jobs(session: Int64? = nil) throws -> [LocalJob] {
        let session = try session ?? activeSessionID()
        return try queue.read { db in
            try Self.load(db, try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE session_id = ? ORDER BY step_number, id", arguments: [session]))
        }
    }

    /// Every job of every session, oldest first.
    public func allJobs() throws -> [LocalJob] {
        try queue.read { db in try Self.load(db, try Row.fetchAll(db, sql: "SELECT * FROM jobs ORDER BY id")) }
    }

    /// The job at step `step` of the active session.
    public func job(step: Int) throws -> LocalJob? {
        let session = try activeSessionID()
        return try queue.read { db in
            try Self.load(
                db,
                try Row.fetchAll(
                    db, sql: "SELECT * FROM jobs WHERE session_id = ? AND step_number = ? ORDER BY id DESC LIMIT 1", arguments: [session, step])
            ).first
        }
    }

    public func job(uid: String) throws -> LocalJob? {
        try queue.read { db in try Self.load(db, try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE uid = ?", arguments: [uid])).first }
    }

    /// The latest job that wrote this digest.
    public func producer(ofDigest digest: String) throws -> LocalJob? {
        try queue.read { db in
            try Self.load(
                db,
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT j.* FROM job_files f JOIN jobs j ON j.id = f.job_id WHERE f.digest = ? AND f.role = 'output' ORDER BY j.id DESC LIMIT 1",
                    arguments: [digest])
            ).first
        }
    }

    /// Jobs that read this digest, oldest first.
    public func consumers(ofDigest digest: String) throws -> [LocalJob] {
        try queue.read { db in
            try Self.load(
                db,
                try Row.fetchAll(
                    db,
                    sql: "SELECT DISTINCT j.* FROM job_files f JOIN jobs j ON j.id = f.job_id WHERE f.digest = ? AND f.role = 'input' ORDER BY j.id",
                    arguments: [digest]))
        }
    }

    /// Recorded files (inputs and outputs) whose digest starts with `prefix`, newest first.
    public func files(digestPrefix prefix: String) throws -> [LocalFile] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT path, digest, size, note FROM job_files WHERE digest >= ? AND digest < ? AND role != 'executable'
                    GROUP BY digest ORDER BY max(job_id) DESC LIMIT 20
                    """,
                arguments: [prefix, prefix + "g"]
            ).map { LocalFile(path: $0["path"], digest: $0["digest"], size: $0["size"], note: $0["note"]) }
        }
    }

    /// The latest recorded version of a path (as an output, else as an input).
    public func latestFile(path: String) throws -> LocalFile? {
        try queue.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT path, digest, size, note FROM job_files WHERE path = ? AND role != 'executable'
                    ORDER BY job_id DESC, role = 'output' DESC LIMIT 1
                    """,
                arguments: [path]
            ).map { LocalFile(path: $0["path"], digest: $0["digest"], size: $0["size"], note: $0["note"]) }
        }
    }

    static func load(_ db: Database, _ rows: [Row]) throws -> [LocalJob] {
        try rows.map { row in
            let id: Int64 = row["id"]
            var job = LocalJob(
                id: id, uid: row["uid"], sessionID: row["session_id"], stepNumber: row["step_number"], jobType: row["job_type"],
                command: row["command"], argv: try decode([String].self, row["argv"]), cwd: row["cwd"],
                startedAt: Date(timeIntervalSince1970: row["started_at"]), durationSeconds: row["duration_seconds"],
                exitCode: row["exit_code"], signal: row["signal"], gitRepo: row["git_repo"], gitCommit: row["git_commit"],
                gitBranch: row["git_branch"], gitClean: row["git_clean"], metadata: row["metadata"],
                inputs: [], outputs: [], executables: [], processes: [], notes: try decode([String].self, row["notes"]))
            if let environment = row["environment"] as String? { job.environment = try? decode(JobEnvironment.self, environment) }
            job.stepName = row["step_name"]
            for file in try Row.fetchAll(db, sql: "SELECT * FROM job_files WHERE job_id = ? ORDER BY path", arguments: [id]) {
                let entry = LocalFile(path: file["path"], digest: file["digest"], size: file["size"], note: file["note"])
                switch file["role"] as String {
                case "input": job.inputs.append(entry)
                case "output": job.outputs.append(entry)
                default: job.executables.append(entry)
                }
            }
            job.processes = try Row.fetchAll(db, sql: "SELECT * FROM processes WHERE job_id = ? ORDER BY pid", arguments: [id]).map {
                LocalProcess(
                    pid: $0["pid"], parentPID: $0["parent_pid"], argv: try decode([String].self, $0["argv"]), executable: $0["executable"],
                    exit: $0["exit"])
            }
            return job
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
