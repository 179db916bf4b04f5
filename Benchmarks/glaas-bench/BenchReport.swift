import Foundation
import Synchronization

/// What a benchmark measured, for `--json`: one entry per timed thing (ours, a peer's, or the
/// ratio of the two against an aim), so runs can be compared by a program.
struct BenchReport: Encodable {
    struct Entry: Encodable {
        var name: String
        var p50_ms: Double?
        var p99_ms: Double?
        var peer_p50_ms: Double?
        var peer_p99_ms: Double?
        var ratio: Double?
        var aim: String?
        var met: Bool?
        /// Nodes a walk answered, artifacts found, as the name says.
        var count: Int?
        /// Size of one answer (web pages).
        var bytes: Int?
    }

    var benchmark: String
    var scale: [String: Int]
    var entries: [Entry] = []

    /// Adds a timing (seconds) of ours.
    mutating func add(_ name: String, _ timings: Timings, count: Int? = nil) {
        entries.append(Entry(name: name, p50_ms: timings.median * 1000, p99_ms: timings.percentile(99) * 1000, count: count))
    }

    mutating func add(_ entry: Entry) { entries.append(entry) }

    /// The report as one JSON document.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}

/// Whether `say` writes to standard error, which it does under `--json` so that standard
/// output holds the JSON alone.
let sayToStandardError = Atomic<Bool>(false)
