import Foundation
import LineageModel

/// One kind of request the load benchmark sends, with its share of the mixed phase.
enum LoadOperation: String, CaseIterable, Sendable, Comparable {
    case health, bearer, lookup, dag, walk, search, web, register

    /// Shares of the mixed phase, in percent (health is measured alone, as the floor).
    var weight: Int {
        switch self {
        case .health, .bearer: 0
        case .lookup: 40
        case .dag: 15
        case .walk: 15
        case .search: 10
        case .web: 15
        case .register: 5
        }
    }

    /// What the table and the JSON call it.
    var label: String {
        switch self {
        case .health: "health (/api/v1/health)"
        case .bearer: "health with a Bearer token (token check)"
        case .lookup: "lookup (public artifact by prefix)"
        case .dag: "dag (artifact's lineage DAG, v1)"
        case .walk: "walk (upstream, depth 8)"
        case .search: "search (artifacts by path, 50)"
        case .web: "web (artifact or lineage page)"
        case .register: "register (5-job lineage, v1 protocol)"
        }
    }

    static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// An operation drawn by the mixed phase's weights.
    static func mixed(_ generator: inout some RandomNumberGenerator) -> LoadOperation {
        var draw = Int.random(in: 0..<allCases.reduce(0) { $0 + $1.weight }, using: &generator)
        for operation in allCases where operation.weight > 0 {
            if draw < operation.weight { return operation }
            draw -= operation.weight
        }
        return .lookup
    }
}

/// The paths the read operations ask for, about what the synthetic registry holds: artifacts of
/// random runs and jobs, and the hashes of some of its lineages.
struct LoadTargets: Sendable {
    let registry: SyntheticRegistry
    /// Hashes of lineages the registry holds (computing one costs a canonical hash).
    let lineageHashes: [String]

    init(registry: SyntheticRegistry, sampledLineages: Int = 200) {
        self.registry = registry
        let step = max(1, registry.lineages / sampledLineages)
        lineageHashes = stride(from: 0, to: registry.lineages, by: step).map { registry.lineage($0).canonicalHash }
    }

    /// The path of a read `operation`; nil for registrations.
    func path(_ operation: LoadOperation, _ generator: inout some RandomNumberGenerator) -> String? {
        let run = Int.random(in: 0..<registry.lineages, using: &generator)
        let job = Int.random(in: 0..<registry.chain, using: &generator)
        let artifact = registry.output(run, job)
        switch operation {
        case .health, .bearer: return "/api/v1/health"
        case .lookup: return "/api/v1/public/artifacts/\(artifact.prefix(16))"
        case .dag: return "/api/v1/artifacts/\(artifact)/dag"
        case .walk: return "/api/graph/v1/artifacts/\(artifact)/upstream?depth=8"
        case .search: return "/api/graph/v1/artifacts?path=\(WebBenchmark.query("/data/run-\(run)/out-"))&limit=50"
        case .web:
            return Bool.random(using: &generator)
                ? "/web/artifacts/\(artifact)" : "/web/dag/\(lineageHashes[Int.random(in: 0..<lineageHashes.count, using: &generator)])"
        case .register: return nil
        }
    }
}
