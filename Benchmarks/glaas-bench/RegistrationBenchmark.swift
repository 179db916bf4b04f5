import AsyncHTTPClient
import Foundation
import GRDB
import LineageModel
import LineageStore
import SQLiteLineageStore

/// A 50-job lineage (10 inputs, 10 outputs per job) registered end to end over HTTP, against
/// the same publication made in process and the same rows written with raw SQL.
struct RegistrationBenchmark {
    let work: URL
    let binary: String
    let port: Int
    let runs: Int

    func run() async throws {
        say("\n== Registration: a lineage of 50 jobs × (10 inputs, 10 outputs), \(runs) lineages")
        for name in ["register.sqlite", "register-inprocess.sqlite", "register-raw.sqlite"] {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(at: work.appendingPathComponent(name + suffix)) }
        }
        let server = try ServerProcess(
            binary: binary, port: port, database: work.appendingPathComponent("register.sqlite").path,
            log: work.appendingPathComponent("register.log"))
        defer { server.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        try await server.waitUntilReady(client)
        let publisher = V1Publisher(client: client, url: server.url)

        var http = Timings()
        var requests = 0
        for run in 0..<runs {
            let synthetic = SyntheticLineage(run: run, jobs: 50, fanIn: 10, fanOut: 10)
            let lineage = synthetic.lineage
            let artifacts = synthetic.artifacts
            let (result, seconds) = try await measure { try await publisher.publish(lineage, artifacts: artifacts) }
            guard result.hash == lineage.canonicalHash else { throw BenchError("server hash \(result.hash) != \(lineage.canonicalHash)") }
            http.add(seconds)
            requests = result.requests
        }
        try await client.shutdown()

        let store = try SQLiteStore(path: work.appendingPathComponent("register-inprocess.sqlite").path)
        var inProcess = Timings()
        for run in 0..<runs {
            let synthetic = SyntheticLineage(run: run, jobs: 50, fanIn: 10, fanOut: 10)
            let publication = LineagePublication(lineage: synthetic.lineage, artifacts: synthetic.artifacts, visibility: .public, ownerUserID: nil)
            inProcess.add(try await measure { _ = try await store.publish(publication, closing: nil) }.1)
        }

        let raw = try RawSQLPeer(path: work.appendingPathComponent("register-raw.sqlite").path)
        var rawSQL = Timings()
        for run in 0..<runs {
            let synthetic = SyntheticLineage(run: run, jobs: 50, fanIn: 10, fanOut: 10)
            let (lineage, artifacts) = (synthetic.lineage, synthetic.artifacts)
            rawSQL.add(try await measure { try raw.insert(lineage, artifacts: artifacts) }.1)
        }

        say(
            Format.row(
                "  HTTP, v1 protocol end to end (\(requests) requests)", "median \(Format.ms(http.median))  p90 \(Format.ms(http.percentile(90)))"))
        say(
            Format.row(
                "  the same publication in process (store.publish)",
                "median \(Format.ms(inProcess.median))  p90 \(Format.ms(inProcess.percentile(90)))"))
        say(
            Format.row(
                "  peer: the same rows with raw SQL, one transaction", "median \(Format.ms(rawSQL.median))  p90 \(Format.ms(rawSQL.percentile(90)))"))
        say(Format.row("  ratio HTTP / raw SQL", Format.ratio(http.median / rawSQL.median)))
        say(Format.row("  ratio store.publish / raw SQL", Format.ratio(inProcess.median / rawSQL.median)))
        say(Format.row("  aim: under 500 ms end to end", http.median < 0.5 ? "met" : "not met"))
    }
}

/// The minimum a registry must write for a lineage, as plain SQL on a bare schema: lineage,
/// jobs, artifacts, edges. No validation, no staging, no hashing.
struct RawSQLPeer {
    let queue: DatabaseQueue

    init(path: String) throws {
        queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    PRAGMA journal_mode = WAL;
                    CREATE TABLE lineages (id INTEGER PRIMARY KEY, hash TEXT UNIQUE);
                    CREATE TABLE jobs (id INTEGER PRIMARY KEY, lineage_id INTEGER, job_uid TEXT, command TEXT, step INTEGER, metadata TEXT);
                    CREATE TABLE artifacts (id INTEGER PRIMARY KEY, hash TEXT UNIQUE, size INTEGER);
                    CREATE TABLE edges (job_id INTEGER, artifact_id INTEGER, direction INTEGER, path TEXT, PRIMARY KEY (job_id, artifact_id, direction)) WITHOUT ROWID;
                    CREATE INDEX edges_artifact ON edges(artifact_id, job_id);
                    """)
        }
    }

    func insert(_ lineage: Lineage, artifacts: [Artifact]) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO lineages (hash) VALUES (?)", arguments: [UUID().uuidString])
            let lineageID = db.lastInsertedRowID
            var ids: [String: Int64] = [:]
            let artifact = try db.cachedStatement(sql: "INSERT INTO artifacts (hash, size) VALUES (?, ?) ON CONFLICT DO NOTHING")
            let select = try db.cachedStatement(sql: "SELECT id FROM artifacts WHERE hash = ?")
            for item in artifacts {
                try artifact.execute(arguments: [item.hash, item.size])
                ids[item.hash] = db.changesCount == 1 ? db.lastInsertedRowID : try Int64.fetchOne(select, arguments: [item.hash])!
            }
            let job = try db.cachedStatement(sql: "INSERT INTO jobs (lineage_id, job_uid, command, step, metadata) VALUES (?, ?, ?, ?, ?)")
            let edge = try db.cachedStatement(sql: "INSERT INTO edges (job_id, artifact_id, direction, path) VALUES (?, ?, ?, ?)")
            for item in lineage.jobs {
                try job.execute(arguments: [lineageID, item.jobUID, item.command, item.stepNumber, item.metadata])
                let jobID = db.lastInsertedRowID
                for ref in item.inputs { try edge.execute(arguments: [jobID, ids[ref.hash]!, 0, ref.path]) }
                for ref in item.outputs { try edge.execute(arguments: [jobID, ids[ref.hash]!, 1, ref.path]) }
            }
        }
    }
}
