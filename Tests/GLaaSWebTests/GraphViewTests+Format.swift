import Foundation
import TestSupport
import Testing

@testable import GLaaSWeb

extension GraphViewTests {
    /// Sizes are formatted in integers (not with String(format:)): one decimal under 10 units,
    /// halves up, and otherwise what `%.1f` / `%.0f` print.
    @Test func sizesRoundLikePrintfWithExactHalvesUp() {
        let cases: [(Int64, String)] = [
            (999, "999 B"), (1000, "1.0 kB"), (1049, "1.0 kB"), (1050, "1.1 kB"), (1234, "1.2 kB"), (9949, "9.9 kB"), (9950, "10.0 kB"),
            (10_499, "10 kB"), (10_500, "11 kB"), (999_499, "999 kB"), (1_000_000, "1.0 MB"), (1_500_000_000, "1.5 GB"),
            (Int64.max, "9.2 EB"),
        ]
        for (bytes, text) in cases { #expect(WebFormat.size(bytes) == text, "\(bytes) bytes") }
        var state: UInt64 = 42
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let bytes = 1000 + Int64(state >> 20) % 50_000_000_000_000
            var value = Double(bytes) / 1000
            var unit = 0
            while value >= 1000, unit < 5 {
                value /= 1000
                unit += 1
            }
            // Skip exact halves, where printf rounds the binary double instead.
            let scaled = value < 10 ? value * 10 : value
            guard abs(scaled - scaled.rounded(.down) - 0.5) > 1e-6 else { continue }
            let expected = String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, ["kB", "MB", "GB", "TB", "PB", "EB"][unit])
            #expect(WebFormat.size(bytes) == expected, "\(bytes) bytes")
        }
        #expect(WebFormat.size(nil) == "?")
    }
}
