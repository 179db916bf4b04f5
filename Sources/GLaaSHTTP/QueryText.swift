import Foundation

/// The rule for text in query strings, shared by the API and the web: parameters reach SQL
/// (LIKE patterns, FTS5 queries) and HTML, and a NUL or another control character in them is
/// never meant, so a request carrying one is refused with 400 on every store alike.
public enum QueryText {
    /// The first parameter (by its decoded name) whose decoded name or value holds a C0 control
    /// character or DEL, or nil when there is none. `+` counts as a space, as forms send it.
    public static func parameterWithControlCharacter(in query: String?) -> String? {
        guard let query, !query.isEmpty else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decoded(parts[0])
            let value = parts.count > 1 ? decoded(parts[1]) : ""
            if hasControlCharacter(name) || hasControlCharacter(value) { return shown(name) }
        }
        return nil
    }

    /// The message of the 400 for `parameter`.
    public static func refusal(_ parameter: String) -> String {
        "Query parameter \(parameter) contains a control character"
    }

    static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    /// The name as it can be shown in a message: control characters as `\u{…}` escapes.
    static func shown(_ name: String) -> String {
        var text = ""
        for scalar in name.unicodeScalars.prefix(60) {
            text += hasControlCharacter(String(scalar)) ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return "\"\(text)\""
    }
}
