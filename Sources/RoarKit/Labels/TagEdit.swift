import Foundation
import LineageModel

/// Compliance tags in roar-cli's `tag.*` label namespace: each kind a set of provenance
/// records (`tag.license = {"values": [{"value": "MIT", "origin": "user"}]}`), and the bind
/// ledger `tag.bind = {"events": [{"action": "bind", "covers": {"license": ["MIT"]}}]}` that
/// a `tag add` on a named target writes with the value ("born bound").
public enum TagEdit {
    /// The ledger's reserved kind name.
    public static let bindKind = "bind"
    /// roar-cli's canonical kinds; more are allowed with `ROAR_TAG_CUSTOM_KINDS` (comma-separated).
    public static let canonicalKinds: Set<String> = ["license", "contains_pii", "jurisdiction", "classification", "special_category"]

    /// `KIND=VALUE`, both trimmed and non-empty.
    public static func parse(_ text: String) throws -> (kind: String, value: String) {
        guard let equals = text.firstIndex(of: "=") else { throw RoarError.usage("expected KIND=VALUE (e.g. license=MIT), got '\(text)'") }
        let kind = text[..<equals].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !kind.isEmpty else { throw RoarError.usage("the kind cannot be empty in '\(text)'") }
        guard !value.isEmpty else { throw RoarError.usage("the value cannot be empty in '\(text)'") }
        return (kind, value)
    }

    /// `KIND` or `KIND=VALUE`.
    public static func parseKindOrPair(_ text: String) throws -> (kind: String, value: String?) {
        if text.contains("=") {
            let (kind, value) = try parse(text)
            return (kind, value)
        }
        let kind = text.trimmingCharacters(in: .whitespaces)
        guard !kind.isEmpty else { throw RoarError.usage("the kind cannot be empty") }
        return (kind, nil)
    }

    /// The custom kinds `ROAR_TAG_CUSTOM_KINDS` allows.
    public static func customKinds(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        (environment["ROAR_TAG_CUSTOM_KINDS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Refuses a kind that is neither canonical nor one of the custom kinds.
    public static func checkKind(_ kind: String, custom: [String]) throws {
        guard kind != bindKind else { throw RoarError.usage("'bind' is the tag ledger, not a tag kind") }
        guard canonicalKinds.contains(kind) || custom.contains(kind) else {
            throw RoarError.usage(
                "'\(kind)' is not a canonical tag kind (\(canonicalKinds.sorted().joined(separator: ", "))); allow it with ROAR_TAG_CUSTOM_KINDS=\(kind)"
            )
        }
    }

    /// The `tag` subtree of a document.
    static func subtree(_ document: LabelDocument) -> [String: JSONValue] {
        document.root["tag"]?.objectValue ?? [:]
    }

    /// The value records of one kind.
    static func records(_ kind: JSONValue?) -> [JSONValue] {
        (kind?["values"]?.arrayValue ?? []).filter { $0["value"] != nil }
    }

    static func replacingSubtree(_ document: LabelDocument, with tags: [String: JSONValue]) -> LabelDocument {
        var root = document.root
        root["tag"] = tags.isEmpty ? nil : .object(tags)
        return LabelDocument(root)
    }

    /// `document` with `value` added to `tag.KIND` by the user, and a bind event covering it;
    /// unchanged when the value is already there.
    public static func adding(_ kind: String, _ value: String, to document: LabelDocument) -> LabelDocument {
        var tags = subtree(document)
        let existing = records(tags[kind])
        guard !existing.contains(where: { $0["value"]?.stringValue == value }) else { return document }
        let record: JSONValue = .object(["value": .string(value), "origin": .string("user")])
        tags[kind] = .object(["values": .array(existing + [record])])
        let events = tags[bindKind]?["events"]?.arrayValue?.filter { $0.objectValue != nil } ?? []
        let event: JSONValue = .object(["action": .string("bind"), "covers": .object([kind: .array([.string(value)])])])
        tags[bindKind] = .object(["events": .array(events + [event])])
        return replacingSubtree(document, with: tags)
    }

    /// `document` without `value` in `tag.KIND` (without the whole kind when `value` is nil);
    /// the bind ledger keeps its history.
    public static func removing(_ kind: String, _ value: String?, from document: LabelDocument) -> LabelDocument {
        var tags = subtree(document)
        guard tags[kind] != nil, kind != bindKind else { return document }
        if let value {
            let existing = records(tags[kind])
            let remaining = existing.filter { $0["value"]?.stringValue != value }
            guard remaining.count != existing.count else { return document }
            tags[kind] = remaining.isEmpty ? nil : .object(["values": .array(remaining)])
        } else {
            tags[kind] = nil
        }
        return replacingSubtree(document, with: tags)
    }

    /// Each kind with its values (the ledger left out), sorted by kind.
    public static func tags(_ document: LabelDocument) -> [(kind: String, values: [String])] {
        subtree(document).keys.sorted().compactMap { kind in
            guard kind != bindKind else { return nil }
            let values = records(subtree(document)[kind]).compactMap { $0["value"]?.stringValue }
            return values.isEmpty ? nil : (kind, values)
        }
    }

    /// Whether the document carries `kind` (with `value`, when given).
    public static func has(_ kind: String, value: String?, in document: LabelDocument) -> Bool {
        guard let entry = tags(document).first(where: { $0.kind == kind }) else { return false }
        return value.map { entry.values.contains($0) } ?? true
    }

    /// `kind=v1, v2` lines, as roar-cli prints them.
    public static func lines(_ document: LabelDocument, indent: String = "  ") -> [String] {
        tags(document).map { "\(indent)\($0.kind)=\($0.values.joined(separator: ", "))" }
    }

    /// `{kind: [values]}` for `--json`.
    public static func json(_ document: LabelDocument) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: tags(document).map { ($0.kind, JSONValue.array($0.values.map(JSONValue.string))) }))
    }
}
