import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

/// The query string of a graph API request, read strictly: an unknown parameter, a repeated
/// one, a number out of range, a bad date or a foreign cursor is a 400 with a JSON message.
struct QueryParameters {
    let values: [String: String]

    /// Reads the query string, accepting only `allowed` names, each at most once.
    init(_ request: Request, allowed: Set<String>) throws {
        var values: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            let key = String(name)
            guard allowed.contains(key) else {
                throw GLaaSError.badRequest(
                    "unknown query parameter \"\(key.prefix(60))\"; this route takes: \(allowed.sorted().joined(separator: ", "))")
            }
            guard values[key] == nil else { throw GLaaSError.badRequest("query parameter \"\(key)\" is given more than once") }
            values[key] = String(value)
        }
        self.values = values
    }

    /// A non-empty text parameter of at most `maximumLength` bytes.
    func text(_ name: String, maximumLength: Int = 1024) throws -> String? {
        guard let value = values[name] else { return nil }
        guard !value.isEmpty, value.utf8.count <= maximumLength else {
            throw GLaaSError.badRequest("\(name) must be 1 to \(maximumLength) bytes long")
        }
        return value
    }

    /// An integer in `range`, `fallback` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw GLaaSError.badRequest("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// An instant: RFC 3339 (`2026-11-27T14:32:06Z`, fractions allowed) or Unix seconds.
    func date(_ name: String) throws -> Date? {
        guard let text = values[name] else { return nil }
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        throw GLaaSError.badRequest("\(name) must be an RFC 3339 time (2026-11-27T14:32:06Z) or Unix seconds")
    }

    /// The id a cursor of `kind` continues after (nil when absent).
    func cursor(kind: Cursor.Kind) throws -> Int64? {
        guard let text = values["cursor"] else { return nil }
        return try Cursor.decode(text, kind: kind)
    }

    /// `since` and `until`, checked to be in order.
    func timeRange() throws -> (since: Date?, until: Date?) {
        let (since, until) = (try date("since"), try date("until"))
        if let since, let until, since > until { throw GLaaSError.badRequest("since must not be later than until") }
        return (since, until)
    }
}

/// Opaque page cursors: the listing they belong to and the id to continue after, base64url.
enum Cursor {
    enum Kind: String {
        case artifacts = "a"
        case jobs = "j"
        case terminal = "t"
    }

    static func encode(_ id: Int64?, kind: Kind) -> JSONValue {
        guard let id else { return .null }
        let raw = Data("\(kind.rawValue):\(id)".utf8).base64EncodedString()
        return .string(raw.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
    }

    static func decode(_ text: String, kind: Kind) throws -> Int64 {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard text.utf8.count <= 64, let data = Data(base64Encoded: base64) else { throw invalid }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == kind.rawValue, let id = Int64(parts[1]), id >= 0 else { throw invalid }
        return id
    }

    static let invalid = GLaaSError.badRequest("cursor is not one this listing returned")
}
