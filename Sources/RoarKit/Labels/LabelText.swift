import Foundation
import LineageModel

/// Label documents as roar-cli reads and prints them: `key=value` pairs parsed into nested
/// objects (values typed: `true`, `3`, `0.5`, else text), documents printed as sorted
/// `dotted.key=value` lines, and each key's origin replayed from the history.
public enum LabelText {
    /// Roots and exact keys that roar manages: `roar label` may not write them.
    public static let reservedExactKeys: Set<String> = [
        "dataset.type", "dataset.id", "dataset.fingerprint", "dataset.fingerprint_algorithm", "dataset.split", "dataset.version_hint",
        "dataset.modality",
    ]

    /// Whether a dotted key belongs to roar (`roar.*`, `tag.*`, `attach.*`, the dataset facts).
    public static func isReserved(_ key: String) -> Bool {
        LabelDocument.isReserved(key) || reservedExactKeys.contains(key)
    }

    /// `key=value` pairs as a patch document; throws a usage error for a pair without `=`, an
    /// empty key or segment, or a key roar manages.
    public static func patch(_ pairs: [String]) throws -> LabelDocument {
        var document = LabelDocument()
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "=") else {
                throw RoarError.usage("invalid label assignment '\(pair)': expected key=value")
            }
            let key = try checkedKey(String(pair[..<equals]))
            document.set(key, to: scalar(String(pair[pair.index(after: equals)...])))
        }
        return document
    }

    /// A key to write or remove: trimmed, dotted segments, not one roar manages.
    public static func checkedKey(_ raw: String) throws -> String {
        let key = raw.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw RoarError.usage("invalid label key '\(raw)': the key must not be empty") }
        guard !key.contains("=") else { throw RoarError.usage("invalid label key '\(raw)': expected a key path, not key=value") }
        guard !key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw RoarError.usage("invalid label key '\(raw)': a dotted key has no empty parts")
        }
        guard !isReserved(key) else {
            throw RoarError.usage("label key '\(key)' is managed by roar (roar.*, tag.*, attach.*); use `roar tag` for tags")
        }
        return key
    }

    /// roar-cli's value typing: true/false, integers (not with a leading zero), decimals, else text.
    public static func scalar(_ raw: String) -> JSONValue {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let lowered = text.lowercased()
        if lowered == "true" { return .bool(true) }
        if lowered == "false" { return .bool(false) }
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), !(text.hasPrefix("0") && text.count > 1),
            let value = Int64(text)
        {
            return .int(value)
        }
        if lowered.contains(".") || lowered.contains("e"), let value = Double(text), value.isFinite,
            text.allSatisfy({ $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) })
        {
            return .double(value)
        }
        return .string(text)
    }

    /// Every leaf as `dotted.key → value`, sorted (empty objects print nothing).
    public static func flatten(_ value: JSONValue) -> [(key: String, value: JSONValue)] {
        var result: [(key: String, value: JSONValue)] = []
        func walk(_ prefix: String, _ value: JSONValue) {
            if case .object(let members) = value {
                for key in members.keys.sorted() { walk(prefix.isEmpty ? key : prefix + "." + key, members[key]!) }
            } else if !prefix.isEmpty {
                result.append((key: prefix, value: value))
            }
        }
        walk("", value)
        return result
    }

    /// `key=value` lines of a document, sorted by key.
    public static func lines(_ document: JSONValue, indent: String = "") -> [String] {
        flatten(document).map { "\(indent)\($0.key)=\(display($0.value))" }
    }

    /// A value as roar-cli prints it: text bare, `true`/`false`/`null`, lists and objects as JSON.
    public static func display(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .int(let number): String(number)
        case .double(let number): PythonFloat.repr(number)
        default: pythonJSON(value)
        }
    }

    /// JSON as Python's `json.dumps(sort_keys=True)` writes it (`{"a": 1, "b": [2, 3]}`).
    public static func pythonJSON(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): "[" + items.map(pythonJSON).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { CanonicalJSON.string(.string($0)) + ": " + pythonJSON(members[$0]!) }.joined(separator: ", ") + "}"
        default: CanonicalJSON.string(value)
        }
    }

    /// The origin (`user` or `system`) of each current leaf: the origin of the version that
    /// last changed it, replaying the history oldest first.
    public static func keyOrigins(_ history: [LocalLabelVersion]) -> [String: String] {
        var origins: [String: String] = [:]
        var previous: [String: String] = [:]
        for version in history {
            var current: [String: String] = [:]
            for (key, value) in flatten(version.document.json) { current[key] = CanonicalJSON.string(value) }
            for key in Set(previous.keys).union(current.keys) where previous[key] != current[key] {
                origins[key] = current[key] == nil ? nil : version.origin
            }
            previous = current
        }
        return origins
    }
}
