/// A versioned label document on a lineage, a job or an artifact: a JSON object whose keys are
/// addressed with dotted paths (`owner.team`). Keys under `roar`, `tag` and `attach` belong to
/// roar (system facts and compliance tags); the rest belong to users.
public struct LabelDocument: Hashable, Sendable {
    public static let reservedRoots: Set<String> = ["roar", "tag", "attach"]

    public private(set) var root: [String: JSONValue]

    public init(_ root: [String: JSONValue] = [:]) {
        self.root = root
    }

    public var isEmpty: Bool { root.isEmpty }
    public var json: JSONValue { .object(root) }

    public static func isReserved(_ dottedKey: String) -> Bool {
        let first = dottedKey.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? dottedKey
        return reservedRoots.contains(first)
    }

    /// Every leaf as `dotted.key → value`; an empty object counts as a leaf.
    public var leaves: [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        func walk(_ members: [String: JSONValue], prefix: String) {
            for (key, value) in members {
                let path = prefix.isEmpty ? key : prefix + "." + key
                if case .object(let inner) = value, !inner.isEmpty {
                    walk(inner, prefix: path)
                } else {
                    result[path] = value
                }
            }
        }
        walk(root, prefix: "")
        return result
    }

    /// The user-owned part (reserved roots removed).
    public var userPart: LabelDocument {
        LabelDocument(root.filter { !Self.reservedRoots.contains($0.key) })
    }

    /// The roar-owned part (only reserved roots).
    public var reservedPart: LabelDocument {
        LabelDocument(root.filter { Self.reservedRoots.contains($0.key) })
    }

    /// Deep merge: objects merge key by key, anything else replaces.
    public func merging(_ patch: LabelDocument) -> LabelDocument {
        LabelDocument(Self.merge(root, patch.root))
    }

    private static func merge(_ base: [String: JSONValue], _ patch: [String: JSONValue]) -> [String: JSONValue] {
        var result = base
        for (key, value) in patch {
            if case .object(let patchInner) = value, case .object(let baseInner)? = result[key] {
                result[key] = .object(merge(baseInner, patchInner))
            } else {
                result[key] = value
            }
        }
        return result
    }

    /// Removes the value at a dotted path, pruning objects left empty. Returns whether it existed.
    @discardableResult
    public mutating func remove(_ dottedKey: String) -> Bool {
        let parts = dottedKey.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { return false }
        return Self.remove(parts[...], from: &root)
    }

    private static func remove(_ parts: ArraySlice<String>, from members: inout [String: JSONValue]) -> Bool {
        guard let first = parts.first else { return false }
        if parts.count == 1 { return members.removeValue(forKey: first) != nil }
        guard case .object(var inner)? = members[first] else { return false }
        let removed = remove(parts.dropFirst(), from: &inner)
        if removed { members[first] = inner.isEmpty ? nil : .object(inner) }
        return removed
    }

    /// Sets a value at a dotted path, creating intermediate objects.
    public mutating func set(_ dottedKey: String, to value: JSONValue) {
        let parts = dottedKey.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        Self.set(parts[...], value, in: &root)
    }

    private static func set(_ parts: ArraySlice<String>, _ value: JSONValue, in members: inout [String: JSONValue]) {
        guard let first = parts.first else { return }
        if parts.count == 1 {
            members[first] = value
            return
        }
        var inner = members[first]?.objectValue ?? [:]
        set(parts.dropFirst(), value, in: &inner)
        members[first] = .object(inner)
    }
}
