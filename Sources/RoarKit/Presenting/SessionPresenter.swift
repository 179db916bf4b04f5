import Foundation
import LineageModel

/// `roar log` and `roar status`: the jobs of the active session.
public struct SessionPresenter {
    let project: RoarProject
    let store: LocalStore

    public init(project: RoarProject, store: LocalStore) {
        self.project = project
        self.store = store
    }

    /// The jobs of `session` (the active one by default), one line each; a NAME column when
    /// one of them was named (`roar run -n`).
    public func logText(session: Int64? = nil) throws -> String {
        let jobs = try store.jobs(session: session)
        guard !jobs.isEmpty else { return "no jobs yet: record one with roar run CMD…" }
        let named = jobs.contains { $0.stepName != nil }
        var rows = [["STEP", "UID"] + (named ? ["NAME"] : []) + ["STATUS", "TIME", "STARTED", "COMMAND"]]
        for job in jobs {
            rows.append(
                ["@\(job.stepNumber)", job.uid] + (named ? [job.stepName ?? "-"] : []) + [
                    job.succeeded ? "ok" : job.statusText, Output.duration(job.durationSeconds), Output.time(job.startedAt), job.command,
                ])
        }
        return Output.table(rows)
    }

    public func logJSON(session: Int64? = nil) throws -> JSONValue {
        .array(
            try store.jobs(session: session).map { job in
                [
                    "step": .int(Int64(job.stepNumber)), "uid": .string(job.uid), "name": job.stepName.map(JSONValue.string) ?? .null,
                    "command": .string(job.command),
                    "exit_code": job.exitCode.map { .int(Int64($0)) } ?? .null, "signal": job.signal.map { .int(Int64($0)) } ?? .null,
                    "duration_seconds": .double(job.durationSeconds), "started_at": .string(ISO8601DateFormatter().string(from: job.startedAt)),
                    "inputs": .int(Int64(job.inputs.count)), "outputs": .int(Int64(job.outputs.count)),
                ]
            })
    }

    /// The latest version of each path the session wrote.
    func currentArtifacts(_ jobs: [LocalJob]) -> [LocalFile] {
        var latest: [String: LocalFile] = [:]
        for job in jobs { for file in job.outputs { latest[file.path] = file } }
        return latest.values.sorted { $0.path < $1.path }
    }

    public func statusText() throws -> String {
        let jobs = try store.jobs()
        guard let last = jobs.last else { return "project \(project.root)\nno jobs yet: record one with roar run CMD…" }
        var lines = [
            "project   \(project.root)",
            "jobs      \(jobs.count) in this session, \(jobs.filter { !$0.succeeded }.count) failed",
            "latest    @\(last.stepNumber) \(last.stepName.map { "(\($0)) " } ?? "")\(last.command)  ·  \(Output.duration(last.durationSeconds))  ·  \(last.statusText)",
        ]
        let artifacts = currentArtifacts(jobs)
        lines.append("\nartifacts (\(artifacts.count)):")
        lines.append(Output.table(artifacts.map { [Output.short($0.digest), Output.size($0.size), project.relative($0.path)] }, indent: "  "))
        return lines.joined(separator: "\n")
    }

    public func statusJSON() throws -> JSONValue {
        let jobs = try store.jobs()
        return [
            "project": .string(project.root), "jobs": .int(Int64(jobs.count)),
            "failed": .int(Int64(jobs.filter { !$0.succeeded }.count)),
            "latest": jobs.last.map {
                ["step": .int(Int64($0.stepNumber)), "name": $0.stepName.map(JSONValue.string) ?? .null, "command": .string($0.command)]
            } ?? .null,
            "artifacts": .array(currentArtifacts(jobs).map { ["path": .string($0.path), "digest": .string($0.digest), "size": .int($0.size)] }),
        ]
    }
}
