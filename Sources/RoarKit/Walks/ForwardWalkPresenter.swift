import Foundation
import LineageModel

/// `roar lineage --down` output: the walk as a tree (each artifact's readers, each job's
/// outputs), then what cut it; or JSON.
public enum ForwardWalkPresenter {
    /// "data.csv  44339b419c5d", or the short digest alone when no path is known.
    static func name(_ artifact: ForwardWalk.Artifact) -> String {
        let digest = Output.short(artifact.digest)
        guard let path = artifact.path, !path.isEmpty else { return digest }
        return TerminalText.escaped(path) + "  " + digest
    }

    static func name(_ job: ForwardWalk.Job) -> String {
        let place = job.lineageHash.map { "lineage \(Output.short($0))" } ?? job.session.map { "session \($0)" } ?? ""
        return "@\(job.step) \(TerminalText.escaped(job.command))  (job \(job.uid)\(place.isEmpty ? "" : ", " + place))"
    }

    /// The walk as a tree under its start, then its size and what cut it.
    public static func text(_ walk: ForwardWalk) -> String {
        let jobs = Dictionary(walk.jobs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let artifacts = Dictionary(walk.artifacts.map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first })
        var readers: [String: [String]] = [:]
        var writes: [String: [String]] = [:]
        for edge in walk.edges {
            if edge.relation == "input", jobs[edge.jobKey] != nil, !(readers[edge.digest] ?? []).contains(edge.jobKey) {
                readers[edge.digest, default: []].append(edge.jobKey)
            } else if edge.relation == "output", artifacts[edge.digest] != nil, !(writes[edge.jobKey] ?? []).contains(edge.digest) {
                writes[edge.jobKey, default: []].append(edge.digest)
            }
        }
        var lines = ["downstream of " + name(walk.start) + "  (" + (walk.origin == "local" ? "local store" : "registry") + ")"]
        var shown = Set<String>()
        func visitArtifact(_ digest: String, prefix: String) {
            let children = readers[digest] ?? []
            for (index, key) in children.enumerated() {
                guard let job = jobs[key] else { continue }
                let last = index == children.count - 1
                let again = !shown.insert("job " + key).inserted
                lines.append(prefix + (last ? "└─ " : "├─ ") + name(job) + (again ? "  (see above)" : ""))
                if again { continue }
                let outputs = writes[key] ?? []
                let childPrefix = prefix + (last ? "   " : "│  ")
                for (position, output) in outputs.enumerated() {
                    guard let artifact = artifacts[output] else { continue }
                    let lastOutput = position == outputs.count - 1
                    let seen = !shown.insert("artifact " + output).inserted
                    let leaf = readers[output] == nil && !seen
                    lines.append(
                        childPrefix + (lastOutput ? "└─ " : "├─ ") + name(artifact)
                            + (seen ? "  (see above)" : leaf ? "  (read by no job shown)" : ""))
                    if !seen { visitArtifact(output, prefix: childPrefix + (lastOutput ? "   " : "│  ")) }
                }
            }
        }
        visitArtifact(walk.start.digest, prefix: "")
        if walk.jobs.isEmpty { lines.append("no recorded job read it") }
        lines.append(
            "\(walk.jobs.count) job\(walk.jobs.count == 1 ? "" : "s"), \(walk.artifacts.count) artifact\(walk.artifacts.count == 1 ? "" : "s"), depth \(walk.depthReached)"
        )
        lines += walk.truncationNotes
        return lines.joined(separator: "\n")
    }

    /// The walk for `--json`: nodes, edges, truncation flags and notes.
    public static func json(_ walk: ForwardWalk) -> JSONValue {
        [
            "origin": .string(walk.origin),
            "start": artifactJSON(walk.start),
            "direction": "downstream",
            "depth": .int(Int64(walk.depth)),
            "limit": .int(Int64(walk.limit)),
            "jobs": .array(walk.jobs.map(jobJSON)),
            "artifacts": .array(walk.artifacts.map(artifactJSON)),
            "edges": .array(
                walk.edges.map { edge in
                    let parts = edge.jobKey.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                    return [
                        "artifact": .string(edge.digest), "lineage_hash": parts[0].isEmpty ? .null : .string(String(parts[0])),
                        "job_uid": .string(parts.count > 1 ? String(parts[1]) : ""), "relation": .string(edge.relation),
                    ]
                }),
            "truncated": .bool(walk.truncated),
            "truncation": [
                "depth_limit": .bool(walk.depthLimitHit), "node_limit": .bool(walk.nodeLimitHit), "edge_limit": .bool(walk.edgeLimitHit),
            ],
            "notes": .array(walk.truncationNotes.map(JSONValue.string)),
            "depth_reached": .int(Int64(walk.depthReached)),
        ]
    }

    static func artifactJSON(_ artifact: ForwardWalk.Artifact) -> JSONValue {
        [
            "digest": .string(artifact.digest), "path": artifact.path.map(JSONValue.string) ?? .null,
            "size": artifact.size.map(JSONValue.int) ?? .null, "depth": .int(Int64(artifact.depth)),
        ]
    }

    static func jobJSON(_ job: ForwardWalk.Job) -> JSONValue {
        [
            "lineage_hash": job.lineageHash.map(JSONValue.string) ?? .null, "session": job.session.map(JSONValue.int) ?? .null,
            "job_uid": .string(job.uid), "step": .int(Int64(job.step)), "command": .string(job.command), "depth": .int(Int64(job.depth)),
        ]
    }
}
