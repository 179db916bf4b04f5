import Foundation
import LineageModel
import LineageStore
import SQLiteLineageStore

/// The query side at scale: a generated registry of about 1M jobs and 1M artifacts;
/// registration of 4-in/4-out jobs, upstream walks, a downstream closure of about 10k
/// descendants, prefix lookups and searches, in process; ML Metadata doing the same on its own
/// SQLite store in the same run.
struct GraphBenchmark {
    let work: URL
    let jobs: Int
    let mlmdPython: String?
    let mlmdJobs: Int

    static let chain = 50
    /// Descendant artifacts of a dataset: with as many jobs, just under the store's 10,000-node
    /// cap on one walk answer.
    static let closure = 4_900

    func run() async throws -> BenchReport {
        let registry = SyntheticRegistry(jobs: jobs, chain: Self.chain, closure: Self.closure)
        say("\n== Graph queries: \(registry.jobCount) jobs in \(registry.lineages) lineages of \(Self.chain), \(registry.datasets) shared datasets")
        let store = try SQLiteStore(path: work.appendingPathComponent("graph.sqlite").path)
        try await fill(store, registry)
        var report = BenchReport(
            benchmark: "graph", scale: ["jobs": try await store.count(table: "jobs"), "artifacts": try await store.count(table: "artifacts")])

        let registrationTimings = try await registrationPerJob(store)
        let registration = registrationTimings.median
        report.add("register one job (4 in, 4 out)", registrationTimings)
        var walkResults: [String: Timings] = [:]
        var generator = SystemRandomNumberGenerator()
        for depth in [5, 25, 50] {
            var timings = Timings()
            var nodes = 0
            for _ in 0..<50 {
                let run = Int.random(in: 0..<registry.lineages, using: &generator)
                let request = GraphWalkRequest(
                    start: .artifact(hash: registry.output(run, Self.chain - 1)), direction: .upstream, depth: depth, nodeLimit: 10_000)
                let (result, seconds) = try await measure { try await store.walk(request, visibleTo: .anonymous) }
                guard let result, !result.nodeLimitHit else { throw BenchError("upstream walk of depth \(depth) failed or was cut") }
                nodes = result.artifacts.count + result.jobs.count
                timings.add(seconds)
            }
            walkResults["upstream-\(depth)"] = timings
            report.add("upstream walk, \(depth) jobs deep", timings, count: nodes)
            say(
                Format.row(
                    "  upstream walk, \(depth) jobs deep (\(nodes) nodes)",
                    "p50 \(Format.ms(timings.median))  p99 \(Format.ms(timings.percentile(99)))"))
        }

        var closure = Timings()
        var closureSize = 0
        for _ in 0..<5 {
            let dataset = registry.dataset(Int.random(in: 0..<registry.datasets, using: &generator))
            let request = GraphWalkRequest(start: .artifact(hash: dataset), direction: .downstream, depth: Self.chain + 1, nodeLimit: 10_000)
            let (result, seconds) = try await measure { try await store.walk(request, visibleTo: .anonymous) }
            // Nodes complete (the answer may list fewer edges than exist: the edge cap is separate).
            guard let result, !result.nodeLimitHit, !result.depthLimitHit else { throw BenchError("downstream closure failed or was cut") }
            closureSize = result.artifacts.count
            closure.add(seconds)
        }
        report.add("downstream closure of a dataset", closure, count: closureSize)
        say(
            Format.row(
                "  downstream closure of a dataset (\(closureSize) artifacts, as many jobs)",
                "p50 \(Format.ms(closure.median))  p99 \(Format.ms(closure.percentile(99)))"))

        var terminal = Timings()
        var pages = 0
        let dataset = registry.dataset(0)
        let (terminalCount, terminalSeconds) = try await measure { () async throws -> Int in
            var after: Int64?
            var count = 0
            repeat {
                let start = DispatchTime.now().uptimeNanoseconds
                guard let page = try await store.terminalDescendants(of: dataset, visibleTo: .anonymous, afterID: after, limit: 500) else { break }
                terminal.add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                count += page.items.count
                pages += 1
                after = page.nextAfterID
            } while after != nil
            return count
        }
        report.add("terminal descendants of a dataset, a page of 500", terminal, count: terminalCount)
        say(
            Format.row(
                "  terminal descendants of a dataset (\(terminalCount), \(pages) pages)",
                "\(Format.ms(terminalSeconds)) total, p50 \(Format.ms(terminal.median)) a page"))

        var lookups = Timings()
        for _ in 0..<2000 {
            let hash = registry.output(Int.random(in: 0..<registry.lineages, using: &generator), Int.random(in: 0..<Self.chain, using: &generator))
            let prefix = try DigestPrefix(String(hash.prefix(16)))
            let (found, seconds) = try await measure { try await store.artifacts(matching: prefix, visibleTo: .anonymous, limit: 11) }
            guard found.count == 1 else { throw BenchError("prefix \(prefix) found \(found.count)") }
            lookups.add(seconds)
        }
        report.add("prefix lookup (16 hex)", lookups)
        say(Format.row("  prefix lookup (16 hex)", "p50 \(Format.ms(lookups.median))  p99 \(Format.ms(lookups.percentile(99)))"))

        var pathSearch = Timings()
        var commandSearch = Timings()
        for _ in 0..<200 {
            let run = Int.random(in: 0..<registry.lineages, using: &generator)
            let (page, seconds) = try await measure {
                try await store.searchArtifacts(ArtifactSearch(pathContains: "/run-\(run)/out-1", limit: 100), visibleTo: .anonymous)
            }
            guard !page.items.isEmpty else { throw BenchError("path search for run \(run) found nothing") }
            pathSearch.add(seconds)
            let (jobs, jobSeconds) = try await measure {
                try await store.searchJobs(JobSearch(commandContains: "--run \(run)", limit: 100), visibleTo: .anonymous)
            }
            guard !jobs.items.isEmpty else { throw BenchError("command search for run \(run) found nothing") }
            commandSearch.add(jobSeconds)
        }
        report.add("search artifacts by path substring", pathSearch)
        report.add("search jobs by command text", commandSearch)
        say(Format.row("  search artifacts by path substring", "p50 \(Format.ms(pathSearch.median))  p99 \(Format.ms(pathSearch.percentile(99)))"))
        say(Format.row("  search jobs by command text", "p50 \(Format.ms(commandSearch.median))  p99 \(Format.ms(commandSearch.percentile(99)))"))

        guard let mlmdPython else {
            say("  ML Metadata not measured: pass --mlmd-python (a python with ml-metadata==1.17.1)")
            return report
        }
        say("\n  ML Metadata 1.17.1 (SQLite, \(mlmdJobs) jobs of 4 inputs and 4 outputs, in the same run):")
        let peer = try MLMDPeer(python: mlmdPython, work: work, jobs: mlmdJobs).run()
        report.scale["mlmd_jobs"] = peer.jobs
        func peerRow(_ label: String, _ summary: MLMDPeer.Summary?) {
            guard let summary else { return }
            report.add(BenchReport.Entry(name: "ML Metadata: \(label)", p50: summary.median, p99: summary.p99, count: summary.nodes))
            say(
                Format.row(
                    "  peer: \(label)",
                    String(format: "p50 %.3f ms  p99 %.3f ms", summary.median, summary.p99) + (summary.nodes.map { "  (\($0) nodes)" } ?? "")))
        }
        peerRow("register one job (put_execution)", peer.registration)
        peerRow("get_lineage_subgraph upstream 10 hops", peer.walks["upstream-10"])
        peerRow("get_lineage_subgraph upstream 50 hops", peer.walks["upstream-50"])
        peerRow("get_lineage_subgraph upstream 100 hops", peer.walks["upstream-100"])
        peerRow("get_lineage_subgraph downstream 100 hops", peer.walks["downstream-100"])
        peerRow("artifact by uri prefix (filter_query LIKE)", peer.prefixLookup)
        peerRow("artifacts by path substring (LIKE)", peer.pathSearch)

        say("\n  ratios (ML Metadata time / ours; MLMD counts a hop per edge, two per job):")
        func ratio(_ label: String, peerMS: Double?, ours: Double?, aim: Double) {
            guard let peerMS, let ours else { return }
            let value = peerMS / 1000 / ours
            report.add(
                BenchReport.Entry(
                    name: "ratio: \(label)", p50: ours * 1000, peerP50: peerMS, ratio: value, aim: Format.ratio(aim), met: value >= aim))
            say(Format.row("  \(label)", "\(Format.ratio(value))  (aim \(Format.ratio(aim)): \(value >= aim ? "met" : "not met"))"))
        }
        ratio("registration rate per job", peerMS: peer.registration.median, ours: registration, aim: 20)
        ratio("walk: 10 hops vs 5 jobs deep", peerMS: peer.walks["upstream-10"]?.median, ours: walkResults["upstream-5"]?.median, aim: 10)
        ratio("walk: 50 hops vs 25 jobs deep", peerMS: peer.walks["upstream-50"]?.median, ours: walkResults["upstream-25"]?.median, aim: 10)
        ratio("walk: 100 hops vs 50 jobs deep", peerMS: peer.walks["upstream-100"]?.median, ours: walkResults["upstream-50"]?.median, aim: 10)
        ratio("prefix lookup", peerMS: peer.prefixLookup.median, ours: lookups.median, aim: 1)
        ratio("path search", peerMS: peer.pathSearch.median, ours: pathSearch.median, aim: 1)
        say(Format.row("  aim: prefix lookup p99 under 1 ms", lookups.percentile(99) < 0.001 ? "met" : "not met"))
        report.add(
            BenchReport.Entry(
                name: "aim: prefix lookup p99 under 1 ms", p99: lookups.percentile(99) * 1000, aim: "p99 < 1 ms",
                met: lookups.percentile(99) < 0.001))
        say("  (ours at \(registry.jobCount) jobs; ML Metadata at \(peer.jobs): its registrations alone would take hours at 1M)")
        return report
    }

    /// Publishes every run of the registry not stored yet, and says how fast.
    func fill(_ store: SQLiteStore, _ registry: SyntheticRegistry) async throws {
        guard let (added, seconds) = try await registry.fill(store) else { return }
        let jobs = try await store.count(table: "jobs")
        let artifacts = try await store.count(table: "artifacts")
        say(
            String(
                format: "\n  generated %d jobs and %d artifacts in %.0f s (%.0f jobs/s through store.publish)", jobs, artifacts, seconds,
                Double(added) / seconds))
    }

    /// Seconds per job when publishing 50-job lineages whose jobs read four and write four
    /// artifacts, into the full store (the shape ML Metadata's put_execution is timed on).
    func registrationPerJob(_ store: SQLiteStore) async throws -> Timings {
        var timings = Timings()
        // New content on every invocation, so a reused store measures new registrations.
        let base = Int.random(in: 1_000_000..<1_000_000_000)
        for run in base..<(base + 20) {
            let lineage = SyntheticLineage(run: run, jobs: Self.chain, fanIn: 4, fanOut: 4).lineage
            let (_, seconds) = try await measure {
                try await store.publish(LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil), closing: nil)
            }
            timings.add(seconds / Double(Self.chain))
        }
        say(
            Format.row(
                "  register one job (4 in, 4 out; 50-job lineages)", "p50 \(Format.ms(timings.median))  p99 \(Format.ms(timings.percentile(99)))"))
        return timings
    }
}
