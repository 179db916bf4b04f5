import Foundation

/// Pulls `href="…"` values out of HTML the way a browser reads them.
public enum HTMLLinks {
    /// Every `href` in `html`, unescaped.
    public static func hrefs(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "href=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            result.append(unescape(String(rest[..<end])))
            rest = rest[rest.index(after: end)...]
        }
        return result
    }

    /// `text` with the five HTML escapes undone.
    public static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
