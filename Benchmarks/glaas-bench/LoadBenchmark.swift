import AsyncHTTPClient
import Crypto
import Foundation
import LineageModel
import LineageStore
import PostgresLineageStore
import SQLiteLineageStore

/// The registry under load: `clients` concurrent keep-alive clients against the real
/// `glaas serve` on a synthetic registry, on SQLite and (with `--postgres`) on PostgreSQL.
/// Each operation alone (health first: the floor of the HTTP stack on the same server, in the
/// same run), then all of them mixed; per operation its throughput, p50 and p99, its failures
/// by status, and its ratio to health. Before the load, a 50-job lineage (10 in, 10 out a job)
/// registered by one client over HTTP against the store's own in-process publish; after it,
/// the server's peak RSS.
struct LoadBenchmark {
    let work: URL
    let binary: String
    let port: Int
    let jobs: Int
    let clients: Int
    let seconds: Int
    let postgresURL: String?

    static let chain = 50
    static let registrationRuns = 10

    func run() async throws -> BenchReport {
        let registry = SyntheticRegistry(jobs: jobs, chain: Self.chain, closure: 4_900)
        say(
            "\n== Load: \(clients) keep-alive clients, \(seconds) s per phase, on \(registry.jobCount) jobs in \(registry.lineages) lineages of \(Self.chain)"
        )
        var report = BenchReport(benchmark: "load", scale: ["jobs": registry.jobCount, "clients": clients, "seconds": seconds])
        let targets = LoadTargets(registry: registry)
        // Always a new database: the load's registrations would make a reused one look filled.
        let sqlitePath = work.appendingPathComponent("load.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
        try await measure(
            "sqlite", store: try SQLiteStore(path: sqlitePath, statementTimeout: nil), database: sqlitePath, port: port + 4, registry: registry,
            targets: targets,
            &report)
        if let postgresURL {
            let schema = "load_\(Int(Date().timeIntervalSince1970))"
            try await StoreComparisonBenchmark.createSchema(schema, url: postgresURL)
            let url = postgresURL + (postgresURL.contains("?") ? "&" : "?") + "search_path=\(schema)"
            // The generator publishes in bulk: no statement limit for it (the server under test has its own).
            let store = try await PostgresStore(url: url, statementTimeout: nil, idleInTransactionTimeout: nil)
            defer { store.shutdown() }
            say("  PostgreSQL schema \(schema)")
            try await measure("postgres", store: store, database: url, port: port + 5, registry: registry, targets: targets, &report)
        }
        return report
    }

    func measure(
        _ name: String, store: any RegistryStore & StoreMaintenance, database: String, port: Int, registry: SyntheticRegistry,
        targets: LoadTargets, _ report: inout BenchReport
    ) async throws {
        say("\n-- \(name)")
        if let (added, seconds) = try await registry.fill(store) {
            say(String(format: "\n  generated %d jobs in %.0f s", added, seconds))
        }
        // Planner statistics, as autovacuum or `PRAGMA optimize` would gather them; on
        // PostgreSQL for this schema's tables only (a bare ANALYZE takes the whole database).
        try await store.execute(
            sql: name == "sqlite"
                ? "ANALYZE" : "ANALYZE " + (try await store.tableColumns()).keys.sorted().map { "\"\($0)\"" }.joined(separator: ", "))
        var inProcess = Timings()
        for run in 0..<Self.registrationRuns {
            let synthetic = SyntheticLineage(run: 60_000 + run, jobs: 50, fanIn: 10, fanOut: 10)
            let publication = LineagePublication(lineage: synthetic.lineage, artifacts: synthetic.artifacts, visibility: .public, ownerUserID: nil)
            inProcess.add(try await LoadBenchmark.time { _ = try await store.publish(publication, closing: nil) })
        }

        // A user with a Bearer token, for the token check's phase.
        let user = try await store.addUser(name: "load-bench-\(UUID().uuidString.prefix(8).lowercased())", email: nil)
        let secret = "glaas_" + HexString.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        try await store.addToken(
            AccessToken(id: UUID().uuidString.lowercased(), userID: user.id, name: "load", createdAt: Date(), expiresAt: nil),
            secretHash: HexString.encode(SHA256.hash(data: Array(secret.utf8))))

        let server = try ServerProcess(binary: binary, port: port, database: database, log: work.appendingPathComponent("load-\(name).log"))
        defer { server.stop() }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)
        configuration.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await server.waitUntilReady(client)
            try await registration(name, client, server, inProcess, &report)
            try await load(name, client, server, targets, bearer: secret, &report)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// One client registers 50-job lineages over HTTP; the store's own publish is the peer.
    func registration(_ name: String, _ client: HTTPClient, _ server: ServerProcess, _ inProcess: Timings, _ report: inout BenchReport)
        async throws
    {
        let publisher = V1Publisher(client: client, url: server.url)
        var http = Timings()
        var requests = 0
        for run in 0..<Self.registrationRuns {
            let synthetic = SyntheticLineage(run: 70_000 + run, jobs: 50, fanIn: 10, fanOut: 10)
            let (lineage, artifacts) = (synthetic.lineage, synthetic.artifacts)
            http.add(try await LoadBenchmark.time { requests = try await publisher.publish(lineage, artifacts: artifacts).requests })
        }
        let ratio = http.median / inProcess.median
        say(
            Format.row(
                "  50-job lineage over HTTP (\(requests) requests), one client",
                "median \(Format.ms(http.median))  p90 \(Format.ms(http.percentile(90)))"))
        say(
            Format.row(
                "  peer: the same in process (store.publish)", "median \(Format.ms(inProcess.median))  p90 \(Format.ms(inProcess.percentile(90)))"))
        say(Format.row("  ratio HTTP / in process (aim: within 3x)", "\(Format.ratio(ratio)) \(ratio <= 3 ? "met" : "not met")"))
        report.add(
            BenchReport.Entry(
                name: "\(name): register a 50-job lineage over HTTP", p50: http.median * 1000, p99: http.percentile(99) * 1000,
                peerP50: inProcess.median * 1000, peerP99: inProcess.percentile(99) * 1000, ratio: ratio, aim: "within 3x of in process",
                met: ratio <= 3, count: requests))
    }

    /// Wall time of `body` in seconds.
    static func time(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
