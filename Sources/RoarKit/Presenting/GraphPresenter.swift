import Foundation
import LineageModel

/// `roar dag` (the session's jobs and the artifacts between them) and `roar lineage` (what
/// an artifact was made from, upstream to its sources).
public struct GraphPresenter {
    let project: RoarProject
    let store: LocalStore

    public init(project: RoarProject, store: LocalStore) {
        self.project = project
        self.store = store
    }

    /// Edges between jobs: (producer step, consumer step, artifact), latest producer per digest.
    func edges(_ jobs: [LocalJob]) -> [(from: LocalJob, to: LocalJob, file: LocalFile)] {
        var producers: [String: LocalJob] = [:]
        var result: [(LocalJob, LocalJob, LocalFile)] = []
        for job in jobs {
            for input in job.inputs { if let producer = producers[input.digest] { result.append((producer, job, input)) } }
            for output in job.outputs { producers[output.digest] = job }
        }
        return result
    }

    public func dagText() throws -> String {
        let jobs = try store.jobs()
        guard !jobs.isEmpty else { return "no jobs yet" }
        let links = edges(jobs)
        return jobs.map { job in
            var lines = ["@\(job.stepNumber) \(job.stepName.map { "\($0): " } ?? "")\(job.command)\(job.succeeded ? "" : "  [\(job.statusText)]")"]
            let fed = links.filter { $0.to.id == job.id }
            for link in fed { lines.append("    ← @\(link.from.stepNumber)  \(project.relative(link.file.path))") }
            let sourced = job.inputs.filter { input in !fed.contains { $0.file.digest == input.digest } }
            for input in sourced { lines.append("    ← source  \(project.relative(input.path))") }
            for output in job.outputs { lines.append("    → \(project.relative(output.path))  \(Output.short(output.digest))") }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    public func dagJSON() throws -> JSONValue {
        let jobs = try store.jobs()
        var nodes: [JSONValue] = jobs.map {
            [
                "id": .string("job:\($0.uid)"), "kind": "job", "step": .int(Int64($0.stepNumber)), "command": .string($0.command),
                "name": $0.stepName.map(JSONValue.string) ?? .null,
            ]
        }
        var seen = Set<String>()
        var edges: [JSONValue] = []
        for job in jobs {
            for (file, relation) in job.inputs.map({ ($0, "consumed") }) + job.outputs.map({ ($0, "produced") }) {
                if seen.insert(file.digest).inserted {
                    nodes.append([
                        "id": .string("artifact:\(file.digest)"), "kind": "artifact", "path": .string(file.path), "digest": .string(file.digest),
                    ])
                }
                edges.append(["job": .string("job:\(job.uid)"), "artifact": .string("artifact:\(file.digest)"), "relation": .string(relation)])
            }
        }
        return ["nodes": .array(nodes), "edges": .array(edges)]
    }

    /// Graphviz: jobs as boxes, artifacts as ellipses, reads and writes as edges.
    public func dagDot() throws -> String {
        let jobs = try store.jobs()
        var lines = ["digraph roar {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        var seen = Set<String>()
        func label(_ text: String) -> String { text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") }
        for job in jobs {
            lines.append("  \"job:\(job.uid)\" [shape=box, label=\"@\(job.stepNumber) \(label(job.command))\"];")
            for file in job.inputs + job.outputs where seen.insert(file.digest).inserted {
                lines.append("  \"\(file.digest)\" [shape=ellipse, label=\"\(label(project.relative(file.path)))\\n\(Output.short(file.digest))\"];")
            }
            for file in job.inputs { lines.append("  \"\(file.digest)\" -> \"job:\(job.uid)\";") }
            for file in job.outputs { lines.append("  \"job:\(job.uid)\" -> \"\(file.digest)\";") }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// The upstream tree of an artifact: each artifact's producer, its inputs, theirs…
    /// A digest already shown is not expanded again, so cycles end.
    public func lineageText(_ file: LocalFile) throws -> String {
        var lines: [String] = []
        var expanded = Set<String>()
        func visit(_ file: LocalFile, prefix: String, connector: String) throws {
            let name = "\(project.relative(file.path))  \(Output.short(file.digest))"
            guard let job = try store.producer(ofDigest: file.digest) else {
                lines.append(prefix + connector + name + "  (source)")
                return
            }
            guard expanded.insert(file.digest).inserted else {
                lines.append(prefix + connector + name + "  (see above)")
                return
            }
            lines.append(prefix + connector + name)
            let childPrefix = prefix + (connector == "└─ " ? "   " : connector.isEmpty ? "" : "│  ")
            lines.append(childPrefix + "└─ @\(job.stepNumber) \(job.command)\(job.gitCommit.map { "  (commit \($0.prefix(7)))" } ?? "")")
            let inputs = job.inputs
            for (index, input) in inputs.enumerated() {
                try visit(input, prefix: childPrefix + "   ", connector: index == inputs.count - 1 ? "└─ " : "├─ ")
            }
        }
        try visit(file, prefix: "", connector: "")
        return lines.joined(separator: "\n")
    }

    public func lineageJSON(_ file: LocalFile) throws -> JSONValue {
        var expanded = Set<String>()
        func node(_ file: LocalFile) throws -> JSONValue {
            var entry: [String: JSONValue] = ["path": .string(file.path), "digest": .string(file.digest), "size": .int(file.size)]
            if expanded.insert(file.digest).inserted, let job = try store.producer(ofDigest: file.digest) {
                entry["produced_by"] = [
                    "step": .int(Int64(job.stepNumber)), "uid": .string(job.uid), "command": .string(job.command),
                    "git_commit": job.gitCommit.map(JSONValue.string) ?? .null,
                    "inputs": .array(try job.inputs.map(node)),
                ]
            }
            return .object(entry)
        }
        return try node(file)
    }
}
