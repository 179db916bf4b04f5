import Foundation
import LineageModel

/// `roar show`: an artifact's recipe (the job that produced it, its inputs, code and
/// environment), or a job's full record.
public struct ShowPresenter {
    let project: RoarProject
    let store: LocalStore

    public init(project: RoarProject, store: LocalStore) {
        self.project = project
        self.store = store
    }

    public func text(_ target: Target) throws -> String {
        switch target {
        case .artifact(let file): return try artifactText(file)
        case .job(let job): return jobText(job)
        }
    }

    public func json(_ target: Target) throws -> JSONValue {
        switch target {
        case .job(let job): return ["kind": "job", "job": job.json]
        case .artifact(let file):
            return [
                "kind": "artifact", "path": .string(file.path), "digest": .string(file.digest), "algorithm": "blake3", "size": .int(file.size),
                "produced_by": try store.producer(ofDigest: file.digest).map(\.json) ?? .null,
                "consumed_by": .array(
                    try store.consumers(ofDigest: file.digest).map {
                        ["step": .int(Int64($0.stepNumber)), "uid": .string($0.uid), "command": .string($0.command)]
                    }),
                "sources": .array(
                    try store.sources(ofDigest: file.digest).map {
                        ["source_type": $0.sourceType.map(JSONValue.string) ?? .null, "source_url": .string($0.sourceURL)]
                    }),
            ]
        }
    }

    func artifactText(_ file: LocalFile) throws -> String {
        var rows: [[String]] = [
            ["artifact", project.relative(file.path)],
            ["digest", "blake3:\(file.digest)"],
            ["size", Output.size(file.size)],
        ]
        if let job = try store.producer(ofDigest: file.digest) {
            rows.append(["produced by", "@\(job.stepNumber) \(job.uid)  \(job.command)"])
            rows.append(["run at", "\(Output.time(job.startedAt)) · \(Output.duration(job.durationSeconds)) · \(job.statusText)"])
            rows += gitRows(job) + codeRows(job) + inputRows(job) + environmentRows(job)
        } else {
            rows.append(["produced by", "no recorded job (a source)"])
        }
        for (index, source) in try store.sources(ofDigest: file.digest).enumerated() { rows.append([index == 0 ? "sources" : "", source.sourceURL]) }
        let consumers = try store.consumers(ofDigest: file.digest)
        for (index, job) in consumers.enumerated() { rows.append([index == 0 ? "consumed by" : "", "@\(job.stepNumber) \(job.command)"]) }
        return Output.table(rows)
    }

    func jobText(_ job: LocalJob) -> String {
        var rows: [[String]] = [
            ["job", "@\(job.stepNumber) \(job.uid) (\(job.jobType))"],
            ["command", job.command],
        ]
        if let name = job.stepName { rows.append(["name", name]) }
        rows += [
            ["run at", "\(Output.time(job.startedAt)) · \(Output.duration(job.durationSeconds)) · \(job.statusText)"],
            ["cwd", project.relative(job.cwd).isEmpty ? "." : project.relative(job.cwd)],
        ]
        rows += gitRows(job) + codeRows(job) + inputRows(job)
        for (index, file) in job.outputs.enumerated() {
            rows.append([index == 0 ? "outputs" : "", "\(project.relative(file.path))  \(Output.short(file.digest))  \(Output.size(file.size))"])
        }
        if job.outputs.isEmpty { rows.append(["outputs", "none"]) }
        rows += environmentRows(job)
        rows.append([
            "processes",
            "\(job.processes.count), running \(Set(job.executables.map { ($0.path as NSString).lastPathComponent }).sorted().joined(separator: ", "))",
        ])
        for (index, note) in job.notes.enumerated() { rows.append([index == 0 ? "notes" : "", note]) }
        return Output.table(rows)
    }

    func gitRows(_ job: LocalJob) -> [[String]] {
        guard let commit = job.gitCommit else { return [["commit", "not in a git repository"]] }
        let state = job.gitClean == false ? "uncommitted changes" : "clean"
        return [["commit", "\(commit.prefix(12)) (\(job.gitBranch ?? "detached"), \(state))\(job.gitRepo.map { "  \($0)" } ?? "")"]]
    }

    /// `code  train.py  1a2b3c4d5e6f  (modified since 980c9e0)`: every code file the job read.
    func codeRows(_ job: LocalJob) -> [[String]] {
        Self.codeRows(metadata: job.metadata, commit: job.gitCommit)
    }

    /// The code rows of a job's metadata (local or from a registry), aligned.
    static func codeRows(metadata text: String, commit: String?) -> [[String]] {
        guard let metadata = try? JSONParser.parse(text) else { return [] }
        let code = CodeFile.list(metadata["code"])
        guard !code.isEmpty else { return [] }
        let rows = code.map { file -> [String] in
            let state: String
            switch file.git {
            case .committed: state = ""
            case .modified: state = "(modified since \(commit.map { String($0.prefix(7)) } ?? "the commit"))"
            case .untracked: state = commit == nil ? "(not in a repository)" : "(untracked)"
            }
            return [file.path, file.digest.map(Output.short) ?? "-", state]
        }
        let table = Output.table(rows).split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
        return table.enumerated().map { [$0.offset == 0 ? "code" : "", $0.element] }
    }

    func inputRows(_ job: LocalJob) -> [[String]] {
        guard !job.inputs.isEmpty else { return [["inputs", "none"]] }
        let rows = job.inputs.map { ["", project.relative($0.path), Output.short($0.digest) + ($0.note == nil ? "" : " *")] }
        let table = Output.table(rows.map { [$0[1], $0[2]] }).split(separator: "\n").map(String.init)
        return table.enumerated().map { [$0.offset == 0 ? "inputs" : "", $0.element] }
    }

    func environmentRows(_ job: LocalJob) -> [[String]] {
        Self.environmentRows(metadata: job.metadata)
    }

    /// The one-line environment summary of a job's roar-cli metadata (local or from a registry).
    static func environmentRows(metadata text: String) -> [[String]] {
        guard let metadata = try? JSONParser.parse(text) else { return [] }
        var parts: [String] = []
        if let python = metadata["runtime"]?["python"], let version = python["version"]?.stringValue {
            parts.append("\(python["implementation"]?.stringValue ?? "Python") \(version)")
        }
        if let pip = metadata["packages"]?["pip"]?.objectValue, !pip.isEmpty {
            let names = pip.keys.sorted().prefix(6).map { "\($0) \(pip[$0]?.stringValue ?? "")" }
            parts.append(names.joined(separator: ", ") + (pip.count > 6 ? " (+\(pip.count - 6))" : ""))
        }
        if let os = metadata["runtime"]?["os"] {
            parts.append("\(os["system"]?.stringValue ?? "") \(os["machine"]?.stringValue ?? "")".trimmingCharacters(in: .whitespaces))
        }
        if let cuda = metadata["runtime"]?["cuda"]?["cuda_version"]?.stringValue { parts.append("cuda \(cuda)") }
        return parts.isEmpty ? [] : [["environment", parts.joined(separator: " · ")]]
    }
}
