import AsyncHTTPClient
import Foundation
import LineageModel
import LineageStore
import Logging
import PostgresLineageStore
import PostgresNIO
import SQLiteLineageStore

/// The same registrations, walks and lookups on SQLite and on PostgreSQL, each holding the
/// same million artifacts, with the ratio PostgreSQL / SQLite; then registration throughput of
/// eight clients through one and through two servers on PostgreSQL.
struct StoreComparisonBenchmark {
    let work: URL
    let binary: String
    let port: Int
    let postgresURL: String
    let artifactCount: Int

    struct Figures {
        var fill: Double = 0
        var publish = Timings()
        var http = Timings()
        var walk = Timings()
        var lookup = Timings()
    }

    func run() async throws {
        let lineages = max(1, artifactCount / 10_000)
        say("\n== SQLite and PostgreSQL side by side: \(lineages * 10_000) artifacts each, chains 100 jobs deep")
        let schema = "bench_\(Int(Date().timeIntervalSince1970))"
        try await Self.createSchema(schema, url: postgresURL)
        let pgURL = postgresURL + (postgresURL.contains("?") ? "&" : "?") + "search_path=\(schema)"
        let sqlitePath = work.appendingPathComponent("compare.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }

        let sqlite = try await measureStore(name: "SQLite", store: try SQLiteStore(path: sqlitePath), database: sqlitePath, lineages: lineages)
        let postgres = try await measureStore(
            name: "PostgreSQL", store: try await PostgresStore(url: pgURL + "&max_connections=8", statementTimeout: nil), database: pgURL,
            lineages: lineages)

        say(Format.row("  operation (median)", "SQLite      PostgreSQL  PG/SQLite"))
        for (label, a, b) in [
            ("  store \(lineages * 10_000) artifacts (whole fill)", sqlite.fill, postgres.fill),
            ("  publish a 50-job lineage in process", sqlite.publish.median, postgres.publish.median),
            ("  register a 50-job lineage over HTTP", sqlite.http.median, postgres.http.median),
            ("  upstream walk, 100 hops", sqlite.walk.median, postgres.walk.median),
            ("  artifact lookup by prefix in process", sqlite.lookup.median, postgres.lookup.median),
        ] {
            say(
                Format.row(
                    label,
                    "\(Format.ms(a).padding(toLength: 12, withPad: " ", startingAt: 0))\(Format.ms(b).padding(toLength: 12, withPad: " ", startingAt: 0))\(Format.ratio(b / a))"
                ))
        }
        say(
            Format.row(
                "  aim: PostgreSQL within 2x of SQLite (registration, walks)",
                postgres.publish.median <= 2 * sqlite.publish.median && postgres.walk.median <= 2 * sqlite.walk.median ? "met" : "not met"))
        try await serversThroughput(pgURL)
    }

    func measureStore(name: String, store: any RegistryStore & StoreMaintenance, database: String, lineages: Int) async throws -> Figures {
        var figures = Figures()
        figures.fill = try await measure {
            for run in 0..<lineages {
                let synthetic = SyntheticLineage(run: 20_000 + run, jobs: 100, fanIn: 1, fanOut: 100)
                _ = try await store.publish(LineagePublication(lineage: synthetic.lineage, visibility: .public, ownerUserID: nil), closing: nil)
                if run % 10 == 9 { FileHandle.standardOutput.write(Data("\r  \(name): \(run + 1)/\(lineages) lineages".utf8)) }
            }
        }.1
        // What autovacuum (PostgreSQL) and `PRAGMA optimize` (SQLite) do in a running
        // registry: planner statistics for tables that just grew from nothing.
        try await store.execute(sql: "ANALYZE")
        say("")
        for run in 0..<10 {
            let synthetic = SyntheticLineage(run: 30_000 + run, jobs: 50, fanIn: 10, fanOut: 10)
            let publication = LineagePublication(lineage: synthetic.lineage, artifacts: synthetic.artifacts, visibility: .public, ownerUserID: nil)
            figures.publish.add(try await measure { _ = try await store.publish(publication, closing: nil) }.1)
        }
        for run in 0..<20 {
            let synthetic = SyntheticLineage(run: 20_000 + (run * 7) % lineages, jobs: 100, fanIn: 1, fanOut: 100)
            let hash = synthetic.lineage.canonicalHash
            let jobs = try await measure { try await store.upstreamJobs(of: synthetic.output(99, 0), inLineage: hash) }
            guard jobs.0.count == 100 else { throw BenchError("walk found \(jobs.0.count) jobs, not 100") }
            figures.walk.add(jobs.1)
        }
        for index in 0..<1000 {
            let synthetic = SyntheticLineage(run: 20_000 + index % lineages, jobs: 1, fanIn: 1, fanOut: 1)
            let prefix = try DigestPrefix(synthetic.output(index % 100, (index * 13) % 100).prefix(16))
            figures.lookup.add(try await measure { _ = try await store.artifacts(matching: prefix, visibleTo: .anonymous, limit: 11) }.1)
        }
        let server = try ServerProcess(binary: binary, port: port, database: database, log: work.appendingPathComponent("compare-\(name).log"))
        defer { server.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        try await server.waitUntilReady(client)
        let publisher = V1Publisher(client: client, url: server.url)
        for run in 0..<10 {
            let synthetic = SyntheticLineage(run: 40_000 + run, jobs: 50, fanIn: 10, fanOut: 10)
            let (lineage, artifacts) = (synthetic.lineage, synthetic.artifacts)
            figures.http.add(try await measure { _ = try await publisher.publish(lineage, artifacts: artifacts) }.1)
        }
        try await client.shutdown()
        return figures
    }

    /// Lineages per second registered by 8 concurrent clients through one server, then two.
    func serversThroughput(_ url: String) async throws {
        var rates: [Double] = []
        for count in [1, 2] {
            let servers = try (0..<count).map { index in
                try ServerProcess(
                    binary: binary, port: port + 10 + index, database: url, log: work.appendingPathComponent("servers-\(count)-\(index).log"))
            }
            defer { for server in servers { server.stop() } }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            for server in servers { try await server.waitUntilReady(client) }
            let perClient = 25
            let (_, seconds) = try await measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<8 {
                        let publisher = V1Publisher(client: client, url: servers[worker % count].url)
                        group.addTask {
                            for round in 0..<perClient {
                                let synthetic = SyntheticLineage(run: 50_000 + count * 10_000 + worker * 100 + round, jobs: 5, fanIn: 2, fanOut: 2)
                                _ = try await publisher.publish(synthetic.lineage, artifacts: synthetic.artifacts)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await client.shutdown()
            rates.append(Double(8 * perClient) / seconds)
            say(
                Format.row(
                    "  8 clients through \(count) server\(count > 1 ? "s" : "") on PostgreSQL (5-job lineages)",
                    String(format: "%.1f lineages/s", rates.last!)))
        }
        say(Format.row("  ratio two servers / one", Format.ratio(rates[1] / rates[0])))
        say(
            Format.row(
                "  aim: at least 1.5x",
                rates[1] >= 1.5 * rates[0] ? "met" : "not met (both servers share these 2 cores with PostgreSQL and the clients)"))
    }

    static func createSchema(_ schema: String, url: String) async throws {
        guard let components = URLComponents(string: url) else { throw BenchError("bad PostgreSQL URL") }
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
                password: components.password, database: String(components.path.dropFirst()), tls: .disable),
            id: 1, logger: Logger(label: "bench"))
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: Logger(label: "bench"))
        try await connection.close()
    }
}
