import Foundation
import LineageModel

/// The time filter of the home and search pages: `since` and `until` as typed (RFC 3339, a day,
/// Unix seconds or an age such as `2d`), kept as text so the links of further pages and the
/// form repeat them; a day given as `until` includes that whole day.
struct WebTimeWindow: Sendable {
    var sinceText: String?
    var untilText: String?
    var since: Date?
    var until: Date?

    /// The window of a page address; a 400 page for text that names no instant or a window
    /// that ends before it starts.
    init(_ parameters: WebParameters, now: Date = Date()) throws(WebPageError) {
        sinceText = Self.given(parameters.string("since"))
        untilText = Self.given(parameters.string("until"))
        if let text = sinceText {
            guard let date = InstantText.parse(text, now: now) else { throw .badRequest("since must be \(InstantText.accepted)") }
            since = date
        }
        if let text = untilText {
            guard let date = InstantText.parse(text, now: now, endOfDay: true) else { throw .badRequest("until must be \(InstantText.accepted)") }
            until = date
        }
        if let since, let until, since >= until { throw .badRequest("The time filter ends before it starts: since must be earlier than until.") }
    }

    var isEmpty: Bool { since == nil && until == nil }

    /// `since=…&until=…` for the links of other pages of the same filter (empty when unset).
    var queryItems: [String] {
        [("since", sinceText), ("until", untilText)].compactMap { name, value in value.map { "\(name)=\(WebFormat.urlComponent($0))" } }
    }

    /// The filter form: `since` and `until` fields, with `hidden` fields kept (the search text).
    func form(_ html: inout HTML, action: String, hidden: KeyValuePairs<String, String> = [:]) {
        html.raw("<form class=\"filter\" method=\"get\" action=\"\(action)\">")
        for (name, value) in hidden { html.open("input", ["type": "hidden", "name": name, "value": value]) }
        html.raw("<label>registered since ")
        html.open("input", ["type": "text", "name": "since", "size": "22", "placeholder": "2d or 2026-11-27", "value": sinceText ?? ""])
        html.raw("</label> <label>until ")
        html.open("input", ["type": "text", "name": "until", "size": "22", "placeholder": "2026-11-30T12:00:00Z", "value": untilText ?? ""])
        html.raw("</label> <button type=\"submit\">Filter</button>")
        if !isEmpty {
            html.raw(" ")
            html.link(action == "/" ? "/" : action + hidden.map { "?\($0.key)=\(WebFormat.urlComponent($0.value))" }.joined(), "clear")
        }
        html.raw("</form>")
    }

    /// What the window is, for a heading: "since 2026-11-27 00:00 UTC until …".
    var summary: String {
        var parts: [String] = []
        if let since { parts.append("since \(WebFormat.time(since))") }
        if let until { parts.append("before \(WebFormat.time(until))") }
        return parts.joined(separator: " ")
    }

    static func given(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
