import Foundation
import LineageModel
import LineageStore
import SQLiteLineageStore

extension WebBenchmark {
    /// The pages to time, about a lineage in the middle of the registry, its successor (for the
    /// diff) and the big lineage (published here when missing).
    func cases(_ store: SQLiteStore, _ registry: SyntheticRegistry, _ big: FanOutLineage) async throws -> [Case] {
        func lineage(containing hash: String) async throws -> String? {
            try await store.lineageHashes(containing: hash, visibleTo: .anonymous, limit: 1).first
        }
        let metrics = big.digest("metrics")
        let bigHash: String
        if let stored = try await lineage(containing: metrics) {
            bigHash = stored
        } else {
            bigHash = try await store.publish(LineagePublication(lineage: big.lineage, visibility: .public, ownerUserID: nil), closing: nil).receipt
                .lineageHash
        }
        let run = registry.lineages / 2
        guard registry.lineages >= 2, let hash = try await lineage(containing: registry.output(run, 0)),
            let next = try await lineage(containing: registry.output(run - 1, 0))
        else {
            throw BenchError("the store does not hold runs \(run - 1) and \(run) of the registry (give --web-jobs 100 or more)")
        }
        let jobs = try await store.jobs(inLineage: hash).map(\.job).sorted { $0.stepNumber < $1.stepNumber }
        let job = jobs[jobs.count / 2].jobUID
        let artifact = registry.output(run, Self.chain / 2)
        let prefix = String(registry.output(run, Self.chain / 3).prefix(16))
        let path = Self.query("/data/run-\(run)/out-")
        let graph = "/api/graph/v1"
        return [
            Case(label: "home", page: "/", peer: "/api/v1/sessions?limit=25"),
            Case(
                label: "search, digest prefix (303 to the artifact)", page: "/web/search?q=\(prefix)",
                peer: "\(graph)/artifacts?digest_prefix=\(prefix)", redirects: true),
            Case(label: "search, path (50 artifacts)", page: "/web/search?q=\(path)", peer: "\(graph)/artifacts?path=\(path)&limit=50"),
            Case(label: "artifact", page: "/web/artifacts/\(artifact)", peer: "\(graph)/artifacts/\(artifact)"),
            Case(label: "job", page: "/web/jobs/\(hash)/\(job)", peer: "\(graph)/jobs/\(hash)/\(job)"),
            Case(
                label: "job of \(big.width) inputs in the big lineage", page: "/web/jobs/\(bigHash)/\(FanOutLineage.mergeJob)",
                peer: "\(graph)/jobs/\(bigHash)/\(FanOutLineage.mergeJob)"),
            Case(label: "lineage, \(Self.chain) jobs", page: "/web/dag/\(hash)", peer: "\(graph)/lineages/\(hash)"),
            Case(label: "lineage, \(big.nodeCount) nodes", page: "/web/dag/\(bigHash)", peer: "\(graph)/lineages/\(bigHash)"),
            Case(
                label: "graph, \(big.nodeCount) nodes (JSON: walk)", page: "/web/dag/\(bigHash)/graph",
                peer: "\(graph)/artifacts/\(metrics)/upstream?depth=8"),
            Case(
                label: "graph around the merge job (JSON: walk)", page: "/web/dag/\(bigHash)/graph?focus=j.\(FanOutLineage.mergeJob)",
                peer: "\(graph)/jobs/\(bigHash)/\(FanOutLineage.mergeJob)/upstream?depth=4"),
            Case(label: "diff of two \(Self.chain)-job lineages", page: "/web/diff/\(next)/\(hash)", peer: "\(graph)/lineages/\(next)/diff/\(hash)"),
        ]
    }

    /// Text as a query parameter value.
    static func query(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? text
    }
}
