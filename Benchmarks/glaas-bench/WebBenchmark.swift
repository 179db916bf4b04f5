import AsyncHTTPClient
import Foundation
import LineageModel
import LineageStore
import NIOCore
import SQLiteLineageStore

/// Page time of the web UI: the real `glaas serve` on a generated registry plus one lineage of
/// 1,200 nodes, every kind of page fetched over one keep-alive connection, one request at a
/// time; the JSON API's answer about the same thing from the same server is the peer, and
/// `/api/v1/health` the floor. The aim: every page's p99 under 50 ms.
struct WebBenchmark {
    let work: URL
    let binary: String
    let port: Int
    let jobs: Int
    let requests: Int

    static let chain = 50
    static let aim = 0.050
    static let warmup = 5

    /// A page and the JSON answer about the same thing; `redirects` when the page may answer 303.
    struct Case {
        var label: String
        var page: String
        var peer: String
        var redirects = false
    }

    func run() async throws -> BenchReport {
        let registry = SyntheticRegistry(jobs: jobs, chain: Self.chain, closure: 4_900)
        let big = FanOutLineage(width: 400)
        say(
            "\n== Web pages: \(registry.jobCount) jobs in \(registry.lineages) lineages of \(Self.chain) and one lineage of \(big.nodeCount) nodes; "
                + "\(requests) sequential requests each, keep-alive")
        let database = work.appendingPathComponent("web.sqlite")
        let store = try SQLiteStore(path: database.path)
        if let (added, seconds) = try await registry.fill(store) {
            say(String(format: "\n  generated %d jobs in %.0f s", added, seconds))
        }
        let cases = try await cases(store, registry, big)

        let server = try ServerProcess(binary: binary, port: port, database: database.path, log: work.appendingPathComponent("web.log"))
        defer { server.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        var report = BenchReport(benchmark: "web", scale: ["jobs": try await store.count(table: "jobs"), "requests": requests])
        do {
            try await server.waitUntilReady(client)
            try await measurePages(cases, client, server.url, &report)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return report
    }

    func measurePages(_ cases: [Case], _ client: HTTPClient, _ origin: String, _ report: inout BenchReport) async throws {
        let floor = try await time(client, origin + "/api/v1/health", type: "application/json")
        say(
            Self.columns(
                "  page (peer: JSON about the same, same server)", ["page p50", "page p99", "JSON p50", "JSON p99", "ratio", "KB", "p99<50ms"]))
        var slowest: (label: String, p99: Double) = ("", 0)
        for test in cases {
            let page = try await time(client, origin + test.page, type: "text/html", redirects: test.redirects)
            let peer = try await time(client, origin + test.peer, type: "application/json")
            let p99 = page.timings.percentile(99)
            if p99 > slowest.p99 { slowest = (test.label, p99) }
            report.add(
                BenchReport.Entry(
                    name: test.label, p50: page.timings.median * 1000, p99: p99 * 1000, peerP50: peer.timings.median * 1000,
                    peerP99: peer.timings.percentile(99) * 1000, ratio: page.timings.median / peer.timings.median, aim: "p99 < 50 ms",
                    met: p99 < Self.aim,
                    bytes: page.bytes))
            say(
                Self.columns(
                    "  " + test.label,
                    [
                        Format.ms(page.timings.median), Format.ms(p99), Format.ms(peer.timings.median), Format.ms(peer.timings.percentile(99)),
                        Format.ratio(page.timings.median / peer.timings.median), String(page.bytes / 1024), p99 < Self.aim ? "met" : "NOT met",
                    ]))
        }
        report.add("floor: /api/v1/health", floor.timings)
        say(Self.columns("  floor: /api/v1/health", [Format.ms(floor.timings.median), Format.ms(floor.timings.percentile(99))]))
        say(
            Format.row(
                "  aim: every page's p99 under 50 ms",
                slowest.p99 < Self.aim ? "met" : "not met (slowest: \(slowest.label), p99 \(Format.ms(slowest.p99)))"))
    }

    /// `requests` timed GETs of `url` after a warm-up; each must answer 200 (or 303 when
    /// `redirects`) with `type`.
    func time(_ client: HTTPClient, _ url: String, type: String, redirects: Bool = false) async throws -> (timings: Timings, bytes: Int) {
        var timings = Timings()
        var bytes = 0
        for round in 0..<(Self.warmup + requests) {
            let start = DispatchTime.now().uptimeNanoseconds
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(120))
            let body = try await response.body.collect(upTo: 256 << 20)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if redirects, response.status == .seeOther {
                bytes = body.readableBytes
            } else {
                guard response.status == .ok else {
                    throw BenchError("\(url) answered \(response.status.code): \(String(buffer: body).prefix(300))")
                }
                guard response.headers.first(name: "content-type")?.hasPrefix(type) == true else {
                    throw BenchError("\(url) answered \(response.headers.first(name: "content-type") ?? "no content type"), not \(type)")
                }
                bytes = body.readableBytes
            }
            if round >= Self.warmup { timings.add(seconds) }
        }
        return (timings, bytes)
    }

    static func columns(_ label: String, _ values: [String]) -> String {
        Format.row(label, "", width: 52) + values.map { $0.leftPadded(to: 11) }.joined()
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
