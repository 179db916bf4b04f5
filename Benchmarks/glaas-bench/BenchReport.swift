import Foundation
import Synchronization

/// What a benchmark measured, for `--json`: one entry per timed thing (ours, a peer's, or the
/// ratio of the two against an aim), so runs can be compared by a program.
struct BenchReport: Encodable {
    struct Entry: Encodable {
        var name: String
        var p50: Double?
        var p99: Double?
        var peerP50: Double?
        var peerP99: Double?
        var ratio: Double?
        var aim: String?
        var met: Bool?
        /// Nodes a walk answered, artifacts found, as the name says.
        var count: Int?
        /// Size of one answer (web pages), or of memory (peak RSS).
        var bytes: Int?
        /// Operations per second (load phases).
        var rate: Double?
        /// Failed operations by HTTP status, or by kind of transport error (load phases).
        var errors: [String: Int]?

        /// Times in milliseconds, named so in the JSON.
        enum CodingKeys: String, CodingKey {
            case name, ratio, aim, met, count, bytes, errors
            case rate = "per_second"
            case p50 = "p50_ms"
            case p99 = "p99_ms"
            case peerP50 = "peer_p50_ms"
            case peerP99 = "peer_p99_ms"
        }
    }

    var benchmark: String
    var scale: [String: Int]
    var entries: [Entry] = []

    /// Adds a timing (seconds) of ours.
    mutating func add(_ name: String, _ timings: Timings, count: Int? = nil) {
        entries.append(Entry(name: name, p50: timings.median * 1000, p99: timings.percentile(99) * 1000, count: count))
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
