import Foundation

/// Percentiles and formatting for timings.
struct Timings {
    private(set) var samples: [Double] = []

    mutating func add(_ seconds: Double) { samples.append(seconds) }

    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var median: Double { percentile(50) }
}

enum Format {
    static func ms(_ seconds: Double) -> String {
        seconds >= 10 ? String(format: "%.1f s", seconds) : String(format: "%.3f ms", seconds * 1000)
    }
    static func ratio(_ value: Double) -> String { String(format: "%.2fx", value) }
    static func count(_ value: Double) -> String { String(format: "%.0f", value) }

    /// A left column padded to `width`.
    static func row(_ label: String, _ value: String, width: Int = 58) -> String {
        label.padding(toLength: max(width, label.count), withPad: " ", startingAt: 0) + value
    }
}

/// Wall-clock time of an async block.
func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try await body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// Writes a line to standard output (standard error under `--json`) unbuffered, so progress and
/// results interleave in order.
func say(_ text: String, terminator: String = "\n") {
    let handle = sayToStandardError.load(ordering: .relaxed) ? FileHandle.standardError : FileHandle.standardOutput
    handle.write(Data((text + terminator).utf8))
}
