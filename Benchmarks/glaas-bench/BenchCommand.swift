import ArgumentParser
import Foundation

/// Measures the registry against peers in the same run: registration of a 50-job lineage over
/// HTTP against the same rows written with raw SQL; artifact lookups per second with `wrk`
/// against a trivial endpoint and the raw SQL query; lookup latency with 1M artifacts stored.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glaas-bench",
        abstract:
            "Benchmark glaas: registration, lookup throughput (wrk), lookup latency at 1M artifacts, PostgreSQL against SQLite; --graph: queries at 1M jobs against ML Metadata; --web: page times against the JSON API; --load: concurrent clients mixing every operation, on SQLite and PostgreSQL."
    )

    @Option(help: "Working directory for databases (not under /tmp is fine; it is emptied).")
    var work = ".build-bench"

    @Option(help: "Artifacts to store before measuring lookups.")
    var artifacts = 1_000_000

    @Option(help: "Lineages of 50 jobs to register.")
    var registrations = 20

    @Option(help: "Seconds for each wrk run, and for each phase of --load.")
    var duration = 10

    @Option(help: "Port for the glaas server under test.")
    var port = 18_900

    @Option(help: "The glaas binary (default: next to this one).")
    var glaas: String?

    @Flag(help: "Keep the working directory and reuse a lookup store that already holds enough artifacts.")
    var reuseStore = false

    @Flag(help: "Skip the registration benchmark.")
    var skipRegistration = false

    @Flag(help: "Skip the lookup benchmark.")
    var skipLookups = false

    @Flag(help: "Run the graph query benchmark (1M jobs, walks, closure, lookups, searches) against ML Metadata.")
    var graph = false

    @Option(help: "Jobs in the graph benchmark's generated registry.")
    var graphJobs = 1_000_000

    @Option(help: "A python with ml-metadata==1.17.1, for the graph benchmark's peer.")
    var mlmdPython: String?

    @Option(help: "Jobs ML Metadata registers before its walks are timed.")
    var mlmdJobs = 2_000

    @Flag(help: "Run the web page benchmark: page times over HTTP against the same server's JSON answers (aim: p99 under 50 ms).")
    var web = false

    @Option(help: "Jobs in the web benchmark's generated registry (lineages of 50).")
    var webJobs = 100_000

    @Option(help: "Timed requests per page in the web benchmark.")
    var webRequests = 200

    @Flag(
        help:
            "Run the load benchmark: --clients keep-alive clients on each operation alone (health first, the floor), then mixed; throughput, p50, p99, errors by status, ratio to health; SQLite, and PostgreSQL with --postgres."
    )
    var load = false

    @Option(help: "Concurrent keep-alive clients in the load benchmark.")
    var clients = 32

    @Option(help: "Jobs in the load benchmark's generated registry (lineages of 50).")
    var loadJobs = 20_000

    @Option(help: "A PostgreSQL database (postgres://user@host:port/db) to compare with SQLite; the benchmark works in a new schema.")
    var postgres: String?

    @Flag(help: "With --graph, --web or --load: print the measurements as JSON on standard output (the table goes to standard error).")
    var json = false

    func validate() throws {
        if json, !graph, !web, !load { throw ValidationError("--json is for --graph, --web and --load") }
        if load, clients < 1 || duration < 1 || loadJobs < 100 {
            throw ValidationError("--load needs --clients >= 1, --duration >= 1 and --load-jobs >= 100")
        }
    }

    func run() async throws {
        if json { sayToStandardError.store(true, ordering: .relaxed) }
        let workURL = URL(fileURLWithPath: work).standardizedFileURL
        if !reuseStore { try? FileManager.default.removeItem(at: workURL) }
        try FileManager.default.createDirectory(at: workURL, withIntermediateDirectories: true)
        let binary = glaas ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("glaas").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no glaas binary at \(binary); build it (swift build -c release) or pass --glaas")
        }
        say("glaas-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, glaas at \(binary)")

        if load {
            let report = try await LoadBenchmark(
                work: workURL, binary: binary, port: port, jobs: loadJobs, clients: clients, seconds: duration, postgresURL: postgres
            ).run()
            if json { print(report.json) }
            return
        }
        if web {
            let report = try await WebBenchmark(work: workURL, binary: binary, port: port + 3, jobs: webJobs, requests: webRequests).run()
            if json { print(report.json) }
            return
        }
        if graph {
            let report = try await GraphBenchmark(work: workURL, jobs: graphJobs, mlmdPython: mlmdPython, mlmdJobs: mlmdJobs).run()
            if json { print(report.json) }
            return
        }
        if !skipRegistration {
            try await RegistrationBenchmark(work: workURL, binary: binary, port: port, runs: registrations).run()
        }

        if !skipLookups {
            try await LookupBenchmark(work: workURL, binary: binary, port: port + 1, artifactCount: artifacts, wrkSeconds: duration).run()
        }
        if let postgres {
            try await StoreComparisonBenchmark(work: workURL, binary: binary, port: port + 2, postgresURL: postgres, artifactCount: artifacts).run()
        }
    }
}
