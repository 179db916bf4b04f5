import Foundation
import GLaaSClient
import LineageModel

/// `roar lineage HASH` from the registry: the artifact's upstream tree, built from the jobs
/// that `/artifacts/{h}/lineage?depth=N` returns (the producing lineage's upstream).
extension RemoteShowPresenter {
    /// The artifact and its upstream jobs; nil when the registry does not know the reference.
    public func fetchUpstream(_ reference: String) async throws -> (artifact: JSONValue, jobs: [JSONValue])? {
        guard let artifact = try await client.artifact(reference.lowercased(), credential: credential), let hash = artifact["hash"]?.stringValue
        else {
            return nil
        }
        let lineage = try await client.lineage(of: hash, depth: 10, credential: credential)
        return (artifact, lineage?["jobs"]?.arrayValue ?? [])
    }

    public func upstreamText(artifact: JSONValue, jobs: [JSONValue]) -> String {
        let producers = Self.producers(jobs)
        var lines: [String] = []
        var expanded = Set<String>()
        func visit(hash: String, path: String?, prefix: String, connector: String) {
            let name = "\(path ?? "?")  \(Output.short(hash))"
            guard let job = producers[hash] else {
                lines.append(prefix + connector + name + "  (source)")
                return
            }
            guard expanded.insert(hash).inserted else {
                lines.append(prefix + connector + name + "  (see above)")
                return
            }
            lines.append(prefix + connector + name)
            let childPrefix = prefix + (connector == "└─ " ? "   " : connector.isEmpty ? "" : "│  ")
            let commit = job["gitCommit"]?.stringValue.map { "  (commit \($0.prefix(7)))" } ?? ""
            lines.append(childPrefix + "└─ @\(job["stepNumber"]?.int64Value ?? 0) \(job["command"]?.stringValue ?? "")\(commit)")
            let inputs = job["inputs"]?.arrayValue ?? []
            for (index, input) in inputs.enumerated() {
                visit(
                    hash: input["hash"]?.stringValue ?? "", path: input["path"]?.stringValue, prefix: childPrefix + "   ",
                    connector: index == inputs.count - 1 ? "└─ " : "├─ ")
            }
        }
        let hash = artifact["hash"]?.stringValue ?? ""
        let path = producers[hash]?["outputs"]?.arrayValue?.first(where: { $0["hash"]?.stringValue == hash })?["path"]?.stringValue
        visit(hash: hash, path: path, prefix: "", connector: "")
        return lines.joined(separator: "\n")
    }

    public func upstreamJSON(artifact: JSONValue, jobs: [JSONValue]) -> JSONValue {
        let producers = Self.producers(jobs)
        var expanded = Set<String>()
        func node(_ hash: String, path: JSONValue) -> JSONValue {
            var entry: [String: JSONValue] = ["digest": .string(hash), "path": path]
            if expanded.insert(hash).inserted, let job = producers[hash] {
                entry["produced_by"] = [
                    "step": job["stepNumber"] ?? .null, "uid": job["jobUid"] ?? .null, "command": job["command"] ?? .null,
                    "git_commit": job["gitCommit"] ?? .null, "lineage": job["sessionHash"] ?? .null,
                    "inputs": .array((job["inputs"]?.arrayValue ?? []).map { node($0["hash"]?.stringValue ?? "", path: $0["path"] ?? .null) }),
                ]
            }
            return .object(entry)
        }
        var root = node(artifact["hash"]?.stringValue ?? "", path: .null)
        if case .object(var fields) = root {
            fields["source"] = "registry"
            fields["registry"] = .string(client.endpoint.baseURL)
            root = .object(fields)
        }
        return root
    }

    static func producers(_ jobs: [JSONValue]) -> [String: JSONValue] {
        var producers: [String: JSONValue] = [:]
        for job in jobs {
            for output in job["outputs"]?.arrayValue ?? [] {
                if let hash = output["hash"]?.stringValue { producers[hash] = job }
            }
        }
        return producers
    }
}
