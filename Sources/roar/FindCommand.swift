import ArgumentParser
import Foundation
import LineageModel
import RoarKit

/// `roar find`: jobs and artifacts by tag, path, command, time, repository and commit, in the
/// local store or (`--remote`) through the registry's query API.
struct FindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find jobs and artifacts by tag, path, command, time, git repository or commit.",
        discussion: """
            Every criterion given must hold. --path and --tag list artifacts (and, for --tag, tagged jobs); otherwise jobs are \
            listed. Times are RFC 3339 (2026-11-27T14:32:06Z) or ages (30m, 6h, 2d, 1w). With --remote the registry at glaas.url \
            is searched: artifacts by --path/--tag/--since/--until, or jobs by --command/--repo/--commit/--since/--until.
            """)

    @Option(help: "A compliance tag kind, or KIND=VALUE.") var tag: String?
    @Option(help: "Text contained in an artifact's path.") var path: String?
    @Option(help: "Text contained in a job's command.") var command: String?
    @Option(help: "At or after this time (RFC 3339 or 30m, 6h, 2d, 1w ago).") var since: String?
    @Option(help: "Before this time (RFC 3339 or 30m, 6h, 2d, 1w ago).") var until: String?
    @Option(help: "The git repository URL the job ran in (exactly as recorded).") var repo: String?
    @Option(help: "A git commit or its prefix (4+ hex characters).") var commit: String?
    @Option(help: "At most this many results (1 to 1000).") var limit = 50
    @Flag(help: "Search the registry (glaas.url) instead of the local store.") var remote = false
    @OptionGroup var output: JSONOption

    func query() throws -> FindQuery {
        guard (1...1000).contains(limit) else { throw RoarError.usage("--limit must be from 1 to 1000, not \(limit)") }
        var query = FindQuery(limit: limit)
        if let tag {
            let (kind, value) = try TagEdit.parseKindOrPair(tag)
            query.tag = (kind, value)
        }
        for (name, value) in [("path", path), ("command", command), ("repo", repo)] where value?.isEmpty == true {
            throw RoarError.usage("--\(name) must not be empty")
        }
        query.path = path
        query.command = command
        query.repo = repo
        query.commit = try commit.map(FindQuery.commit)
        query.since = try since.map { try FindQuery.time($0, option: "since") }
        query.until = try until.map { try FindQuery.time($0, option: "until") }
        if let since = query.since, let until = query.until, since > until {
            throw RoarError.usage("--since must not be later than --until")
        }
        return query
    }

    func run() async throws {
        do {
            let query = try query()
            let found: [FindMatch]
            if remote {
                found = try await RemoteFind.search(query)
            } else {
                let (_, _, store) = try openProject()
                found = try store.find(query)
            }
            let more = found.count > query.limit
            let matches = Array(found.prefix(query.limit))
            if output.json {
                print(Output.json(["matches": .array(matches.map(Self.json)), "count": .int(Int64(matches.count)), "more": .bool(more)]))
                return
            }
            print(Self.text(matches, more: more, limit: query.limit))
        } catch {
            throw fail(error)
        }
    }

    static func json(_ match: FindMatch) -> JSONValue {
        [
            "kind": .string(match.kind), (match.kind == "job" ? "job_uid" : "hash"): .string(match.id),
            (match.kind == "job" ? "command" : "path"): .string(match.text),
            "time": match.time.map { .string($0.formatted(.iso8601)) } ?? .null, "lineage_hash": match.lineage.map(JSONValue.string) ?? .null,
        ]
    }

    static func text(_ matches: [FindMatch], more: Bool, limit: Int) -> String {
        guard !matches.isEmpty else { return "No matches." }
        let rows =
            [["KIND", "ID", "TIME", "PATH / COMMAND"]]
            + matches.map { [$0.kind, $0.kind == "job" ? String($0.id.prefix(12)) : Output.short($0.id), $0.time.map(Output.time) ?? "-", $0.text] }
        var lines = [Output.table(rows)]
        lines.append(more ? "(first \(limit) shown; more results: narrow the search or raise --limit)" : "\(matches.count) found")
        return lines.joined(separator: "\n")
    }
}
