import Foundation
import GRDB

/// Artifact sources: which URLs hold which digests, recorded by `roar put` and `roar get`,
/// read by `roar show`, by `roar get` to verify downloads, and by `roar register` to send
/// source_type/source_url.
extension LocalStore {
    /// Registered from the migrator after the earlier migrations.
    static func registerArtifactSources(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-artifact-sources") { db in
            try db.execute(
                sql: """
                    -- One row per (digest, URL): the job that put it there or fetched it from there.
                    CREATE TABLE artifact_sources (
                        digest TEXT NOT NULL,
                        source_url TEXT NOT NULL,
                        source_type TEXT,
                        job_id INTEGER NOT NULL REFERENCES jobs(id),
                        recorded_at REAL NOT NULL,
                        PRIMARY KEY (digest, source_url)
                    );
                    CREATE INDEX artifact_sources_url ON artifact_sources(source_url, recorded_at);
                    """)
        }
    }

    /// Records `job` and the sources of its artifacts in one transaction: both or neither.
    public func record(_ job: LocalJob, sources: [(digest: String, source: ArtifactSource)]) throws -> LocalJob {
        let session = try activeSessionID()
        return try queue.write { db in
            let stored = try Self.insert(job, session: session, db)
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO artifact_sources (digest, source_url, source_type, job_id, recorded_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (digest, source_url) DO UPDATE SET source_type = excluded.source_type, job_id = excluded.job_id,
                        recorded_at = excluded.recorded_at
                    """)
            for entry in sources {
                try statement.execute(arguments: [
                    entry.digest, entry.source.sourceURL, entry.source.sourceType, stored.id, stored.startedAt.timeIntervalSince1970,
                ])
            }
            return stored
        }
    }

    /// The latest known source of each of `digests` that has one (digests without are left out).
    public func sourceLocations(forDigests digests: [String]) throws -> [String: ArtifactSource] {
        guard !digests.isEmpty else { return [:] }
        return try queue.read { db in
            var found: [String: ArtifactSource] = [:]
            let unique = Array(Set(digests))
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT digest, source_url, source_type FROM artifact_sources WHERE digest IN (\(placeholders)) ORDER BY recorded_at, rowid",
                    arguments: StatementArguments(chunk))
                for row in rows { found[row["digest"]] = ArtifactSource(sourceType: row["source_type"], sourceURL: row["source_url"]) }
            }
            return found
        }
    }

    /// Every known source of `digest`, newest first.
    public func sources(ofDigest digest: String) throws -> [ArtifactSource] {
        try queue.read { db in
            try Row.fetchAll(
                db, sql: "SELECT source_url, source_type FROM artifact_sources WHERE digest = ? ORDER BY recorded_at DESC, rowid DESC",
                arguments: [digest]
            )
            .map { ArtifactSource(sourceType: $0["source_type"], sourceURL: $0["source_url"]) }
        }
    }

    /// The digest last recorded for `url` (what a download from it must hash to), if any.
    public func digest(forSourceURL url: String) throws -> String? {
        try queue.read { db in
            try String.fetchOne(
                db, sql: "SELECT digest FROM artifact_sources WHERE source_url = ? ORDER BY recorded_at DESC, rowid DESC LIMIT 1", arguments: [url])
        }
    }
}
