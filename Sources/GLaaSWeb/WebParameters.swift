import Foundation
import Hummingbird

/// The query string of a page address, decoded as browsers encode forms (`+` is a space,
/// then percent escapes), with checked numbers.
struct WebParameters {
    private var values: [String: String] = [:]

    init(_ request: Request) {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if values[name] == nil, let value { values[name] = value }
        }
    }

    /// The first value of `name`, if any.
    func string(_ name: String) -> String? { values[name] }

    /// An integer in `range`; nil when absent; a 400 page when it is anything else.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(WebPageError) -> Int? {
        guard let text = values[name], !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A comma-separated list.
    func list(_ name: String) -> [String] {
        (values[name] ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
    }

    static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
