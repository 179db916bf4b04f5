import Foundation
import GRDB

/// A lineage this project published, as remembered in `.roar/`: a re-run of `roar register`
/// knows it, and the remote job uids map back to local jobs.
public struct LocalRegistration: Sendable, Hashable {
    public var lineageHash: String
    public var registryURL: String
    public var webURL: String
    /// `public` or `private`.
    public var visibility: String
    public var creatorIdentity: String
    /// What was registered: a path, digest, @STEP, job uid, or "session".
    public var target: String
    public var jobCount: Int
    public var artifactCount: Int
    public var registeredAt: Date
    /// Local job uid → remote (publication-scoped) job uid.
    public var remoteJobUIDs: [String: String]

    public init(
        lineageHash: String, registryURL: String, webURL: String, visibility: String, creatorIdentity: String, target: String, jobCount: Int,
        artifactCount: Int, registeredAt: Date, remoteJobUIDs: [String: String]
    ) {
        self.lineageHash = lineageHash
        self.registryURL = registryURL
        self.webURL = webURL
        self.visibility = visibility
        self.creatorIdentity = creatorIdentity
        self.target = target
        self.jobCount = jobCount
        self.artifactCount = artifactCount
        self.registeredAt = registeredAt
        self.remoteJobUIDs = remoteJobUIDs
    }
}

extension LocalStore {
    /// The `v3-registrations` migration: one row per publication, one per published job.
    static func createRegistrations(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE registrations (
                    id INTEGER PRIMARY KEY,
                    lineage_hash TEXT NOT NULL,
                    registry_url TEXT NOT NULL,
                    web_url TEXT NOT NULL,
                    visibility TEXT NOT NULL,
                    creator_identity TEXT NOT NULL,
                    target TEXT NOT NULL,
                    job_count INTEGER NOT NULL,
                    artifact_count INTEGER NOT NULL,
                    registered_at REAL NOT NULL
                );
                CREATE INDEX registrations_hash ON registrations(lineage_hash, registry_url);
                CREATE TABLE registration_jobs (
                    registration_id INTEGER NOT NULL REFERENCES registrations(id),
                    local_uid TEXT NOT NULL,
                    remote_uid TEXT NOT NULL,
                    PRIMARY KEY (registration_id, local_uid)
                );
                CREATE INDEX registration_jobs_local ON registration_jobs(local_uid);
                """)
    }

    /// Remembers a publication (one transaction: all of it or nothing).
    public func recordRegistration(_ registration: LocalRegistration) throws {
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO registrations (lineage_hash, registry_url, web_url, visibility, creator_identity, target, job_count,
                                               artifact_count, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    registration.lineageHash, registration.registryURL, registration.webURL, registration.visibility, registration.creatorIdentity,
                    registration.target, registration.jobCount, registration.artifactCount, registration.registeredAt.timeIntervalSince1970,
                ])
            let id = db.lastInsertedRowID
            let statement = try db.cachedStatement(sql: "INSERT INTO registration_jobs (registration_id, local_uid, remote_uid) VALUES (?, ?, ?)")
            for (local, remote) in registration.remoteJobUIDs.sorted(by: { $0.key < $1.key }) {
                try statement.execute(arguments: [id, local, remote])
            }
        }
    }

    /// Every publication, newest first; only those to `registryURL` when given.
    public func registrations(registryURL: String? = nil, lineageHash: String? = nil) throws -> [LocalRegistration] {
        try queue.read { db in
            var sql = "SELECT * FROM registrations WHERE 1 = 1"
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let registryURL {
                sql += " AND registry_url = ?"
                arguments.append(registryURL)
            }
            if let lineageHash {
                sql += " AND lineage_hash = ?"
                arguments.append(lineageHash)
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id DESC", arguments: StatementArguments(arguments)).map { row in
                let id: Int64 = row["id"]
                var uids: [String: String] = [:]
                for entry in try Row.fetchAll(
                    db, sql: "SELECT local_uid, remote_uid FROM registration_jobs WHERE registration_id = ?", arguments: [id])
                {
                    uids[entry["local_uid"]] = entry["remote_uid"]
                }
                return LocalRegistration(
                    lineageHash: row["lineage_hash"], registryURL: row["registry_url"], webURL: row["web_url"], visibility: row["visibility"],
                    creatorIdentity: row["creator_identity"], target: row["target"], jobCount: row["job_count"], artifactCount: row["artifact_count"],
                    registeredAt: Date(timeIntervalSince1970: row["registered_at"]), remoteJobUIDs: uids)
            }
        }
    }
}
