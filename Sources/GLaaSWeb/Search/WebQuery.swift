import Foundation
import LineageModel

/// What a search box entry asks for: hex is a digest or lineage-hash prefix, `tag:key=value`
/// (or `tag:key`) a label, anything else a path (substring).
public enum WebQuery: Sendable, Hashable {
    case digestPrefix(DigestPrefix)
    case path(String)
    case tag(key: String, value: String?)

    /// The query a search box text stands for; nil when it is empty or too short to search.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        var hex = trimmed.lowercased()
        for prefix in ["blake3:", "sha256:", "md5:", "sha1:", "sha512:"] where hex.hasPrefix(prefix) { hex.removeFirst(prefix.count) }
        if HexString.isLowercaseHex(hex) {
            guard let prefix = try? DigestPrefix(hex) else { return nil }
            self = .digestPrefix(prefix)
        } else if trimmed.lowercased().hasPrefix("tag:") {
            let body = trimmed.dropFirst(4)
            guard let equals = body.firstIndex(of: "=") else {
                guard !body.isEmpty else { return nil }
                self = .tag(key: String(body), value: nil)
                return
            }
            guard equals != body.startIndex else { return nil }
            self = .tag(key: String(body[..<equals]), value: String(body[body.index(after: equals)...]))
        } else {
            self = .path(trimmed)
        }
    }
}
