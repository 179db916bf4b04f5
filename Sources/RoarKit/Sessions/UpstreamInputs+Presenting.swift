import Foundation
import LineageModel

/// What `roar inputs` prints: an aligned table (path, size, digest, where it comes from) or JSON.
extension UpstreamInputs {
    /// The table; `label` names the target in messages.
    public func text(project: RoarProject, label: String, onlyUnsourced: Bool) -> String {
        if let targetIsRoot { return "\(label) is a root: \(targetIsRoot); nothing upstream" }
        let shown = onlyUnsourced ? entries.filter(\.unsourced) : entries
        guard !shown.isEmpty else {
            return onlyUnsourced
                ? "no unsourced inputs: every input of \(label) is made by a recorded job, fetched, or committed to git"
                : "\(label) has no recorded inputs"
        }
        var rows = [["PATH", "SIZE", "DIGEST", "SOURCE"]]
        for entry in shown {
            rows.append([project.relative(entry.file.path), Output.size(entry.file.size), Output.short(entry.file.digest), Self.origin(entry)])
        }
        var text = Output.table(rows)
        let unsourced = shown.filter(\.unsourced).count
        if unsourced > 0 {
            text +=
                "\n\n\(unsourced) unsourced: no recorded job made \(unsourced == 1 ? "it" : "them") and git does not track \(unsourced == 1 ? "it" : "them"),"
                + " so a reproduction elsewhere must fetch \(unsourced == 1 ? "it" : "them") (ingest with roar get URL, or share with roar put)"
        }
        return text
    }

    /// The SOURCE column.
    static func origin(_ entry: Entry) -> String {
        let url = entry.source.map { " " + $0.sourceURL } ?? ""
        switch entry.origin {
        case .made(let step, let uid): return "made by @\(step) \(uid)"
        case .fetched(let step, let uid, let jobType):
            return jobType == "get" ? "fetched by @\(step) \(uid)\(url)" : "made by @\(step) \(uid) from nothing recorded"
        case .committed: return "committed to git"
        case .unsourced: return entry.source == nil ? "unsourced" : "unsourced, put to\(url)"
        }
    }

    public func json(label: String, onlyUnsourced: Bool) -> JSONValue {
        let shown = onlyUnsourced ? entries.filter(\.unsourced) : entries
        return [
            "target": .string(label), "target_is_root": targetIsRoot.map(JSONValue.string) ?? .null,
            "inputs": .array(
                shown.map { entry in
                    var item: [String: JSONValue] = [
                        "path": .string(entry.file.path), "size": .int(entry.file.size), "digest": .string(entry.file.digest),
                        "unsourced": .bool(entry.unsourced), "source_url": entry.source.map { .string($0.sourceURL) } ?? .null,
                        "source_type": entry.source?.sourceType.map(JSONValue.string) ?? .null,
                    ]
                    switch entry.origin {
                    case .made(let step, let uid):
                        item["origin"] = "made"
                        item["producer"] = ["step": .int(Int64(step)), "uid": .string(uid)]
                    case .fetched(let step, let uid, let jobType):
                        item["origin"] = "fetched"
                        item["producer"] = ["step": .int(Int64(step)), "uid": .string(uid), "job_type": .string(jobType)]
                    case .committed: item["origin"] = "committed"
                    case .unsourced: item["origin"] = "unsourced"
                    }
                    return .object(item)
                }),
        ]
    }
}
