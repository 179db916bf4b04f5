/// HTML text built by appending: every piece of data goes through `text` or `attribute`, which
/// escape it, so a hostile path or command is shown, never interpreted. Markup written by the
/// pages themselves goes through `raw`.
public struct HTML: Sendable {
    /// The markup so far.
    public private(set) var string = ""

    /// An empty document fragment.
    public init() {
        string.reserveCapacity(4096)
    }

    /// Appends markup written by this module (never data).
    public mutating func raw(_ markup: String) {
        string += markup
    }

    /// Appends data as text content.
    public mutating func text(_ value: some StringProtocol) {
        string += Self.escape(value)
    }

    /// Appends `<tag attributes>text</tag>`; attribute values are escaped.
    public mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], text value: some StringProtocol) {
        open(tag, attributes)
        text(value)
        string += "</\(tag)>"
    }

    /// Appends an opening tag; attribute values are escaped.
    public mutating func open(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        string += "<" + tag
        for (name, value) in attributes {
            string += " \(name)=\"\(Self.escape(value))\""
        }
        string += ">"
    }

    /// Appends a closing tag.
    public mutating func close(_ tag: String) {
        string += "</\(tag)>"
    }

    /// Appends a link whose target and text are data.
    public mutating func link(_ href: String, _ label: some StringProtocol, className: String? = nil, title: String? = nil) {
        string += "<a href=\"\(Self.escape(href))\""
        if let className { string += " class=\"\(Self.escape(className))\"" }
        if let title { string += " title=\"\(Self.escape(title))\"" }
        string += ">\(Self.escape(label))</a>"
    }

    /// Escapes the five characters that matter in text and quoted attribute values.
    public static func escape(_ value: some StringProtocol) -> String {
        var needsWork = false
        for byte in value.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsWork = true
            break
        }
        guard needsWork else { return String(value) }
        var output = ""
        output.reserveCapacity(value.utf8.count + 16)
        for character in value.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }
}
