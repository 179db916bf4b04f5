import Foundation
import LineageModel

/// `roar impact`: the final outputs made from an artifact (what no recorded job reads), e.g.
/// every model trained on a dataset; with whether the search was cut short and why.
public struct TerminalDescendants: Sendable, Hashable {
    /// A final output.
    public struct Item: Sendable, Hashable {
        public var digest: String
        public var path: String?
        public var size: Int64?
        /// The job that wrote it (`@3 python train.py`), when known.
        public var madeBy: String?

        /// An item.
        public init(digest: String, path: String?, size: Int64?, madeBy: String?) {
            self.digest = digest
            self.path = path
            self.size = size
            self.madeBy = madeBy
        }
    }

    /// `local` or `registry`.
    public var origin: String
    public var start: ForwardWalk.Artifact
    public var items: [Item]
    /// Why the list may be incomplete (empty when it is complete).
    public var notes: [String]

    /// A list of final outputs.
    public init(origin: String, start: ForwardWalk.Artifact, items: [Item], notes: [String]) {
        self.origin = origin
        self.start = start
        self.items = items
        self.notes = notes
    }

    /// The walk's artifacts that no recorded job reads (local store).
    public static func local(_ walk: ForwardWalk, store: LocalStore) throws -> TerminalDescendants {
        let jobs = Dictionary(walk.jobs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [Item] = []
        for artifact in walk.artifacts {
            guard try store.consumers(ofDigest: artifact.digest).isEmpty else { continue }
            let writer = walk.edges.last { $0.digest == artifact.digest && $0.relation == "output" }.flatMap { jobs[$0.jobKey] }
            items.append(
                Item(digest: artifact.digest, path: artifact.path, size: artifact.size, madeBy: writer.map { "@\($0.step) \($0.command)" }))
        }
        return TerminalDescendants(origin: "local", start: walk.start, items: items, notes: walk.truncationNotes)
    }

    /// An aligned list of the final outputs, then why it may be incomplete.
    public var text: String {
        var lines = [
            "final outputs made from " + ForwardWalkPresenter.name(start) + "  (\(items.count) found in the "
                + (origin == "local" ? "local store" : "registry") + ")"
        ]
        let rows = items.map { item in
            [
                item.path ?? "", Output.short(item.digest), item.size.map(Output.size) ?? "", item.madeBy.map { "made by " + $0 } ?? "",
            ]
        }
        if rows.isEmpty { lines.append("  none: nothing recorded was made from it") } else { lines.append(Output.table(rows, indent: "  ")) }
        lines += notes
        return lines.joined(separator: "\n")
    }

    /// The list for `--json`.
    public var json: JSONValue {
        [
            "origin": .string(origin), "start": ForwardWalkPresenter.artifactJSON(start),
            "items": .array(
                items.map { item in
                    [
                        "digest": .string(item.digest), "path": item.path.map(JSONValue.string) ?? .null,
                        "size": item.size.map(JSONValue.int) ?? .null, "made_by": item.madeBy.map(JSONValue.string) ?? .null,
                    ]
                }),
            "count": .int(Int64(items.count)), "complete": .bool(notes.isEmpty), "notes": .array(notes.map(JSONValue.string)),
        ]
    }
}
