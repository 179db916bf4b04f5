import Foundation
import GRDB
import LineageModel

extension LocalStore {
    /// `roar find` over this project's jobs: jobs by command, time, repository and commit (SQL,
    /// parameters bound); artifacts those jobs read or wrote, by path and tag; newest first, at
    /// most `limit + 1` (the extra one says that more exist).
    public func find(_ query: FindQuery) throws -> [FindMatch] {
        var conditions = ["1 = 1"]
        var arguments: [String: (any DatabaseValueConvertible)?] = [:]
        if let command = query.command {
            conditions.append("instr(command, :command) > 0")
            arguments["command"] = command
        }
        if let since = query.since {
            conditions.append("started_at >= :since")
            arguments["since"] = since.timeIntervalSince1970
        }
        if let until = query.until {
            conditions.append("started_at < :until")
            arguments["until"] = until.timeIntervalSince1970
        }
        if let repo = query.repo {
            conditions.append("git_repo = :repo")
            arguments["repo"] = repo
        }
        if let commit = query.commit {
            conditions.append("git_commit >= :commitLow AND git_commit < :commitHigh")
            arguments["commitLow"] = commit
            arguments["commitHigh"] = commit + "g"
        }
        let sql = "SELECT * FROM jobs WHERE \(conditions.joined(separator: " AND ")) ORDER BY started_at DESC, id DESC"
        let jobs = try queue.read { db in try Self.load(db, try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))) }
        guard query.looksForArtifacts else {
            return Array(jobs.prefix(query.limit + 1).map { FindMatch(kind: "job", id: $0.uid, text: $0.command, time: $0.startedAt) })
        }
        var matches: [FindMatch] = []
        if let tag = query.tag, query.path == nil {
            let labels = try currentLabels(kind: .job)
            for job in jobs where labels[job.uid].map({ TagEdit.has(tag.kind, value: tag.value, in: $0) }) == true {
                matches.append(FindMatch(kind: "job", id: job.uid, text: job.command, time: job.startedAt))
            }
        }
        let artifactLabels = query.tag == nil ? [:] : try currentLabels(kind: .artifact)
        var seen: Set<String> = []
        for job in jobs {
            for file in job.outputs + job.inputs where !seen.contains(file.digest) {
                if let path = query.path, !file.path.contains(path) { continue }
                if let tag = query.tag, artifactLabels[file.digest].map({ TagEdit.has(tag.kind, value: tag.value, in: $0) }) != true { continue }
                seen.insert(file.digest)
                matches.append(FindMatch(kind: "artifact", id: file.digest, text: file.path, time: job.startedAt))
            }
        }
        matches.sort { ($0.time ?? .distantPast) > ($1.time ?? .distantPast) }
        return Array(matches.prefix(query.limit + 1))
    }
}
