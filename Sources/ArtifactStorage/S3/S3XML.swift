import Foundation

/// The few values read out of S3's XML answers (error Code/Message, UploadId): flat elements,
/// found by name, entities decoded. S3 documents are small and machine-written.
enum S3XML {
    static func value(of element: String, in document: String) -> String? {
        guard let open = document.range(of: "<\(element)>"),
            let close = document.range(of: "</\(element)>", range: open.upperBound..<document.endIndex)
        else { return nil }
        return unescape(String(document[open.upperBound..<close.lowerBound]))
    }

    /// The raw inner text of every `<element>…</element>` in order (e.g. each `Contents` of a listing).
    static func elements(_ element: String, in document: String) -> [String] {
        var found: [String] = []
        var cursor = document.startIndex
        while let open = document.range(of: "<\(element)>", range: cursor..<document.endIndex),
            let close = document.range(of: "</\(element)>", range: open.upperBound..<document.endIndex)
        {
            found.append(String(document[open.upperBound..<close.lowerBound]))
            cursor = close.upperBound
        }
        return found
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
