import AsyncHTTPClient
import Foundation
import GRDB
import LineageModel
import LineageStore
import SQLiteLineageStore

/// Artifact lookup by digest prefix with many artifacts stored: latency of single requests over
/// HTTP, in process and as raw SQL; throughput under `wrk` against the cheapest endpoint.
struct LookupBenchmark {
    let work: URL
    let binary: String
    let port: Int
    let artifactCount: Int
    let wrkSeconds: Int

    static let jobsPerLineage = 100
    static let outputsPerJob = 100

    func run() async throws {
        let database = work.appendingPathComponent("lookup.sqlite")
        let lineages = max(1, artifactCount / (Self.jobsPerLineage * Self.outputsPerJob))
        say("\n== Lookups: \(lineages * Self.jobsPerLineage * Self.outputsPerJob) artifacts in \(lineages) lineages")
        let store = try SQLiteStore(path: database.path)
        let existing = try await store.count(table: "artifacts")
        let (_, fillSeconds) = try await measure {
            for run in 0..<lineages where existing < lineages * Self.jobsPerLineage * Self.outputsPerJob {
                let synthetic = SyntheticLineage(run: 10_000 + run, jobs: Self.jobsPerLineage, fanIn: 1, fanOut: Self.outputsPerJob)
                _ = try await store.publish(LineagePublication(lineage: synthetic.lineage, visibility: .public, ownerUserID: nil), closing: nil)
                if run % 10 == 9 || run == lineages - 1 {
                    FileHandle.standardOutput.write(Data("\r  storing: \(run + 1)/\(lineages) lineages".utf8))
                }
            }
        }
        let stored = try await store.count(table: "artifacts")
        if stored > existing {
            say(
                String(
                    format: "\n  stored %d artifacts in %.1f s (%.0f artifacts/s through store.publish)", stored - existing, fillSeconds,
                    Double(stored - existing) / fillSeconds))
        } else {
            say("  reusing the store in \(database.path) (\(stored) artifacts)")
        }

        // Prefixes of 16 hex characters of artifacts that exist, in random order.
        var generator = SystemRandomNumberGenerator()
        let prefixes: [String] = (0..<5000).map { _ in
            let synthetic = SyntheticLineage(run: 10_000 + Int.random(in: 0..<lineages, using: &generator), jobs: 1, fanIn: 1, fanOut: 1)
            return String(
                synthetic.output(
                    Int.random(in: 0..<Self.jobsPerLineage, using: &generator), Int.random(in: 0..<Self.outputsPerJob, using: &generator)
                ).prefix(16))
        }

        let server = try ServerProcess(binary: binary, port: port, database: database.path, log: work.appendingPathComponent("lookup.log"))
        defer { server.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        try await server.waitUntilReady(client)

        var http = Timings()
        for prefix in prefixes.prefix(2000) {
            let (status, seconds) = try await measure { () async throws -> UInt in
                let response = try await client.execute(
                    HTTPClientRequest(url: "\(server.url)/api/v1/public/artifacts/\(prefix)"), timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1 << 20)
                return response.status.code
            }
            guard status == 200 else { throw BenchError("lookup of \(prefix) answered \(status)") }
            http.add(seconds)
        }
        try await client.shutdown()

        var inProcess = Timings()
        for prefix in prefixes.prefix(2000) {
            let digestPrefix = try DigestPrefix(prefix)
            inProcess.add(try await measure { _ = try await store.artifacts(matching: digestPrefix, visibleTo: .anonymous, limit: 11) }.1)
        }

        let raw = try DatabaseQueue(
            path: database.path,
            configuration: {
                var c = Configuration()
                c.readonly = true
                return c
            }())
        var rawSQL = Timings()
        for prefix in prefixes.prefix(2000) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try raw.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.* FROM artifact_digests d JOIN artifacts a ON a.id = d.artifact_id
                        WHERE d.digest >= ? AND d.digest < ? LIMIT 2
                        """,
                    arguments: [prefix, prefix + "g"])
            }
            rawSQL.add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }

        say(Format.row("  one lookup over HTTP (keep-alive, sequential)", "p50 \(Format.ms(http.median))  p99 \(Format.ms(http.percentile(99)))"))
        say(Format.row("  one lookup in process (store.artifacts)", "p50 \(Format.ms(inProcess.median))  p99 \(Format.ms(inProcess.percentile(99)))"))
        say(Format.row("  peer: the prefix query as raw SQL", "p50 \(Format.ms(rawSQL.median))  p99 \(Format.ms(rawSQL.percentile(99)))"))
        say(Format.row("  ratio HTTP p99 / raw SQL p99", Format.ratio(http.percentile(99) / rawSQL.percentile(99))))
        say(Format.row("  aim: p99 under 2 ms", http.percentile(99) < 0.002 ? "met" : "not met"))

        try throughput(server: server, prefixes: prefixes)
    }

    /// `wrk` against artifact lookups and, as the ceiling of the HTTP stack, against `/health`.
    func throughput(server: ServerProcess, prefixes: [String]) throws {
        guard let wrk = Self.which("wrk") else {
            say("  wrk not found: install it (apt-get install wrk) to measure lookups per second")
            return
        }
        let script = work.appendingPathComponent("lookups.lua")
        let paths = prefixes.map { "\"/api/v1/public/artifacts/\($0)\"" }.joined(separator: ",\n")
        try """
        local paths = {
        \(paths)
        }
        local counter = 0
        request = function()
          counter = counter + 1
          return wrk.format("GET", paths[(counter % #paths) + 1])
        end
        """.write(to: script, atomically: true, encoding: .utf8)
        let lookups = try runWrk(wrk, arguments: ["-s", script.path, server.url])
        let health = try runWrk(wrk, arguments: [server.url + "/api/v1/health"])
        say(
            Format.row(
                "  wrk: artifact lookups (2 threads, 32 connections, \(wrkSeconds) s)",
                "\(Format.count(lookups.rate)) req/s  p99 \(lookups.p99)  non-2xx \(lookups.errors)"))
        say(Format.row("  peer: wrk on /health (the HTTP stack alone)", "\(Format.count(health.rate)) req/s  p99 \(health.p99)"))
        say(Format.row("  ratio lookups / health", Format.ratio(lookups.rate / health.rate)))
        say(Format.row("  aim: 15k lookups/s", lookups.rate >= 15_000 ? "met" : "not met"))
    }

    func runWrk(_ wrk: String, arguments: [String]) throws -> (rate: Double, p99: String, errors: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t2", "-c32", "-d\(wrkSeconds)s", "--latency"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func field(after label: String) -> String? {
            output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }?
                .split(separator: " ", omittingEmptySubsequences: true).dropFirst(label.split(separator: " ").count).first.map(String.init)
        }
        let rate = Double(field(after: "Requests/sec:") ?? "") ?? 0
        let errors = Int(field(after: "Non-2xx or 3xx responses:") ?? "0") ?? 0
        return (rate, field(after: "99%") ?? "?", errors)
    }

    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
