/// The rules by which a label document changes. Both stores apply them inside their own
/// transaction, so every store gives the same answers.
public enum LabelMerge {
    /// What a change did to a document.
    public enum Action: String, Sendable {
        case created, updated, noop
    }

    /// The result of applying one change: the next document (when it differs) and what changed.
    public struct Outcome: Sendable, Equatable {
        public var action: Action
        public var document: LabelDocument
        /// User keys deleted at some point and not set again: a later sync must not revive them.
        public var tombstones: Set<String>
        /// Dotted keys this change removed.
        public var deletedKeys: [String]
    }

    /// A publisher's register-time sync of its whole local document. The publisher is the
    /// authority on roar's keys (`roar.*`, `tag.*`, `attach.*`), which it replaces wholesale. User
    /// keys only ever arrive: a key already on the registry keeps the registry's value (edits made
    /// there with reconcile are newer than a publisher's local copy), and a key deleted there is
    /// not brought back. So a re-register can never undo a colleague's remote edit.
    public static func sync(current: LabelDocument?, tombstones: Set<String>, incoming: LabelDocument) -> Outcome {
        let base = current ?? LabelDocument()
        var next = base.userPart.merging(incoming.reservedPart)
        let existingLeaves = base.userPart.leaves
        for (key, value) in incoming.userPart.leaves.sorted(by: { $0.key < $1.key }) {
            if existingLeaves[key] != nil || tombstones.contains(key) || hasLeafPrefixConflict(key, in: existingLeaves) { continue }
            next.set(key, to: value)
        }
        let removed = Set(base.reservedPart.leaves.keys).subtracting(next.reservedPart.leaves.keys)
        return outcome(current: current, next: next, tombstones: tombstones, deleted: removed.sorted())
    }

    /// An interactive edit (`roar label set/unset --remote`): a deep-merge patch of user keys,
    /// then deletions; with `prune`, user keys missing from the patch are deleted too.
    public static func reconcile(
        current: LabelDocument?, tombstones: Set<String>, patch: LabelDocument, deletedKeys: [String], prune: Bool
    ) -> Outcome {
        let base = current ?? LabelDocument()
        var next = base.merging(patch.userPart)
        var deleted: [String] = []
        var keysToDelete = deletedKeys
        if prune {
            let kept = Set(patch.userPart.leaves.keys)
            keysToDelete += base.userPart.leaves.keys.filter { !kept.contains($0) }.sorted()
        }
        for key in keysToDelete where !LabelDocument.isReserved(key) && !deleted.contains(key) {
            if next.remove(key) { deleted.append(key) }
        }
        var nextTombstones = tombstones.union(deleted)
        nextTombstones.subtract(patch.userPart.leaves.keys)
        return outcome(current: current, next: next, tombstones: nextTombstones, deleted: deleted)
    }

    private static func outcome(current: LabelDocument?, next: LabelDocument, tombstones: Set<String>, deleted: [String]) -> Outcome {
        let action: Action
        if let current {
            action = current == next ? .noop : .updated
        } else {
            action = next.isEmpty ? .noop : .created
        }
        return Outcome(action: action, document: next, tombstones: tombstones, deletedKeys: deleted)
    }

    /// True when setting `key` would overwrite an existing leaf on its path (`a` is a string and
    /// the incoming key is `a.b`), which a sync never does.
    /// Also true when the incoming key is a leaf where the registry has an object (`owner` over
    /// `owner.team`).
    private static func hasLeafPrefixConflict(_ key: String, in leaves: [String: JSONValue]) -> Bool {
        var prefix = ""
        for part in key.split(separator: ".").dropLast() {
            prefix = prefix.isEmpty ? String(part) : prefix + "." + part
            if leaves[prefix] != nil { return true }
        }
        let nested = key + "."
        return leaves.keys.contains { $0.hasPrefix(nested) }
    }
}
