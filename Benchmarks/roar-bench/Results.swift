import Foundation

/// One successful measurement kept for the statistics.
struct Sample: Codable, Sendable {
    var wall: Double
    var cpu: Double
}

/// All runs of one row under one variant.
struct Cell: Codable, Sendable {
    var samples: [Sample] = []
    /// Runs that did not produce a usable sample: "timeout", "exit 1", "invalid: …".
    var failures: [String] = []
    /// Remarks that do not invalidate a sample (e.g. incomplete capture).
    var notes: [String] = []
    /// Samples whose job was found in the store, recorded by the requested tracer.
    var verified = 0

    var medianWall: Double? { Stats.median(samples.map(\.wall)) }
    var medianCPU: Double? { Stats.median(samples.map(\.cpu)) }

    /// Short status for tables: nil when every run succeeded.
    var problem: String? {
        guard !failures.isEmpty else { return nil }
        if failures.contains("timeout") { return "timeout" }
        return failures[0].hasPrefix("invalid") ? "invalid" : failures[0]
    }

    mutating func add(_ other: Cell) {
        samples += other.samples
        failures += other.failures
        notes += other.notes
        verified += other.verified
    }
}

/// One line of a results table: a workload step (or total) across all variants.
struct Row: Codable, Sendable {
    var section: String
    var id: String
    var title: String
    /// Cells keyed by `Variant.rawValue`.
    var cells: [String: Cell] = [:]

    subscript(variant: Variant) -> Cell {
        get { cells[variant.rawValue] ?? Cell() }
        set { cells[variant.rawValue] = newValue }
    }
}

/// One BLAKE3 throughput line.
struct HashRow: Codable, Sendable {
    var tool: String
    var cell: Cell
    var bytes: Int
    var digest: String?

    /// Decimal gigabytes per second at the median wall time.
    var gigabytesPerSecond: Double? { cell.medianWall.map { Double(bytes) / 1e9 / $0 } }

    /// Decimal gigabytes per CPU second at the median CPU time (steadier on a loaded machine).
    var gigabytesPerCPUSecond: Double? { cell.medianCPU.map { Double(bytes) / 1e9 / $0 } }
}

/// Everything a run measured, as printed or encoded to JSON.
struct Results: Codable, Sendable {
    var repeatCount: Int
    var quick: Bool
    var variants: [Variant]
    var roar: String
    var roarCLI: String?
    var python: String
    var notes: [String] = []
    /// Workload titles by section (a, b, c, fixed).
    var sectionTitles: [String: String] = [:]
    var rows: [Row] = []
    var hashes: [HashRow] = []
    var hashFileBytes: Int?

    /// The row with `id`, created on first use.
    mutating func update(section: String, id: String, title: String, _ change: (inout Row) -> Void) {
        if let index = rows.firstIndex(where: { $0.id == id }) {
            change(&rows[index])
        } else {
            var row = Row(section: section, id: id, title: title)
            change(&row)
            rows.append(row)
        }
    }
}

/// Small statistics helpers.
enum Stats {
    /// Median; mean of the middle two for an even count; nil when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
