import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar find` over the local store (jobs and their artifacts) and, with `--remote`, over the
/// registry's query API, through the built executable.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct FindCommandTests {
    static let repoA = "https://git.example.test/a.git"
    static let repoB = "https://git.example.test/b.git"

    /// A job recorded straight into the store, ran `age` seconds ago, writing `output`.
    @discardableResult
    static func record(
        _ project: ProjectFixture, _ command: String, repo: String, commit: String, age: TimeInterval, output: String, input: LocalFile? = nil
    ) throws -> LocalJob {
        let content = "\(command) wrote \(output)\n"
        try project.write(output, content)
        let file = LocalFile(path: project.path(output), digest: TestDigest.blake3(content), size: Int64(content.utf8.count))
        let job = LocalJob(
            id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: "run", command: command, argv: command.split(separator: " ").map(String.init),
            cwd: project.root, startedAt: Date().addingTimeInterval(-age), durationSeconds: 0.1, exitCode: 0, signal: nil, gitRepo: repo,
            gitCommit: commit, gitBranch: "main", gitClean: true, metadata: "{}", inputs: input.map { [$0] } ?? [], outputs: [file], executables: [],
            processes: [], environment: nil, notes: [])
        return try project.store.record(job)
    }

    /// prepare (repo A, 3 days ago) → train (repo A, 5 hours ago) → evaluate (repo B, 10 minutes ago).
    static func pipeline(_ project: ProjectFixture) throws -> [LocalJob] {
        let prepare = try record(
            project, "python prepare.py", repo: repoA, commit: "aaaa111100000000000000000000000000000000", age: 3 * 86400, output: "data.csv")
        let train = try record(
            project, "python train.py --lr 0.1", repo: repoA, commit: "aaaa222200000000000000000000000000000000", age: 5 * 3600,
            output: "models/model.pt", input: prepare.outputs[0])
        let evaluate = try record(
            project, "python evaluate.py", repo: repoB, commit: "bbbb333300000000000000000000000000000000", age: 600, output: "metrics.json",
            input: train.outputs[0])
        return [prepare, train, evaluate]
    }

    static func found(_ arguments: [String], _ project: ProjectFixture) async throws -> [String] {
        let result = try RegisterCommandTests.json(try await LabelCommandTests.roar(["find"] + arguments + ["--json"], project))
        return result["matches"]?.arrayValue?.compactMap { ($0["command"] ?? $0["path"])?.stringValue } ?? []
    }

    @Test func findsLocalJobsAndArtifacts() async throws {
        let project = try ProjectFixture()
        try FileManager.default.createDirectory(atPath: project.path("models"), withIntermediateDirectories: true)
        let jobs = try Self.pipeline(project)
        #expect(try await Self.found(["--command", "train"], project) == ["python train.py --lr 0.1"])
        #expect(try await Self.found(["--since", "1d"], project) == ["python evaluate.py", "python train.py --lr 0.1"])
        #expect(try await Self.found(["--since", "6h", "--until", "1h"], project) == ["python train.py --lr 0.1"])
        #expect(try await Self.found(["--until", "2d"], project) == ["python prepare.py"])
        #expect(try await Self.found(["--repo", Self.repoB], project) == ["python evaluate.py"])
        #expect(try await Self.found(["--commit", "AAAA2"], project) == ["python train.py --lr 0.1"])
        #expect(try await Self.found(["--commit", "aaaa", "--since", "1w"], project) == ["python train.py --lr 0.1", "python prepare.py"])
        #expect(try await Self.found(["--path", "models/"], project) == [project.path("models/model.pt")])
        // An artifact's time is when a job touched it last: the model was read 10 minutes ago.
        #expect(try await Self.found(["--path", ".csv", "--repo", Self.repoA], project) == [project.path("data.csv")])
        let since = Date().addingTimeInterval(-86400).formatted(.iso8601)
        #expect(try await Self.found(["--since", since, "--command", "python"], project).count == 2)

        #expect(try await LabelCommandTests.roar(["tag", "add", "license=MIT", project.path("models/model.pt")], project).status == 0)
        #expect(try await LabelCommandTests.roar(["tag", "add", "contains_pii=present", "@1"], project).status == 0)
        #expect(try await Self.found(["--tag", "license"], project) == [project.path("models/model.pt")])
        #expect(try await Self.found(["--tag", "license=MIT"], project) == [project.path("models/model.pt")])
        #expect(try await Self.found(["--tag", "license=GPL-3.0"], project).isEmpty)
        #expect(try await Self.found(["--tag", "contains_pii"], project) == [jobs[0].command])

        let table = try await LabelCommandTests.roar(["find", "--command", "python", "--limit", "2"], project)
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("KIND "))
        #expect(table.stdout.contains("job   \(jobs[2].uid)"))
        #expect(table.stdout.contains("more results"))
        let limited = try RegisterCommandTests.json(try await LabelCommandTests.roar(["find", "--limit", "2", "--json"], project))
        #expect(limited["more"] == true)
        #expect(limited["count"] == 2)
        #expect(try await LabelCommandTests.roar(["find", "--command", "nothing-like-this"], project).stdout == "No matches.\n")
    }

    @Test func badFindInputIsOneLine() async throws {
        let project = try ProjectFixture()
        try FileManager.default.createDirectory(atPath: project.path("models"), withIntermediateDirectories: true)
        _ = try Self.pipeline(project)
        for arguments in [
            ["--since", "yesterday"], ["--since", "3x"], ["--until", "2026-13-45T00:00:00Z"], ["--since=-2d"], ["--commit", "xyz1"],
            ["--commit", "ab"], ["--limit", "0"], ["--since", "1h", "--until", "2d"], ["--tag", "=x"], ["--path", ""],
        ] {
            let result = try await LabelCommandTests.roar(["find"] + arguments, project)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("roar: "), "\(arguments): \(result.stderr)")
        }
        // Text that looks like SQL is only text.
        #expect(try await Self.found(["--command", "' OR 1=1 --"], project).isEmpty)
        #expect(try await Self.found(["--repo", "x' OR '1'='1"], project).isEmpty)
    }

    @Test func findsOnTheRegistryOnSQLite() async throws {
        try await GlaasProcess.with { registry in try await Self.remoteScenario(registry) }
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "needs GLAAS_TEST_POSTGRES_URL (scripts/test.sh starts a cluster)"))
    func findsOnTheRegistryOnPostgreSQL() async throws {
        try await GlaasProcess.with(database: try await StoreKind.makeScratchPostgresURL()) { registry in try await Self.remoteScenario(registry) }
    }

    /// Tags and paths find artifacts, command, time, repository and commit find jobs.
    static func remoteScenario(_ registry: GlaasProcess) async throws {
        do {
            let project = try RegisterCommandTests.project(registry.url)
            try FileManager.default.createDirectory(atPath: project.path("models"), withIntermediateDirectories: true)
            let jobs = try Self.pipeline(project)
            #expect(try await LabelCommandTests.roar(["tag", "add", "license=MIT", project.path("models/model.pt")], project).status == 0)
            let registered = try RegisterCommandTests.json(try await LabelCommandTests.roar(["register", "-y", "--json"], project))
            let hash = try #require(registered["lineage_hash"]?.stringValue)

            let reader = try RegisterCommandTests.project(registry.url)
            let byTag = try RegisterCommandTests.json(try await LabelCommandTests.roar(["find", "--remote", "--tag", "license", "--json"], reader))
            #expect(byTag["matches"]?.arrayValue?.compactMap { $0["hash"]?.stringValue } == [jobs[1].outputs[0].digest])
            #expect(byTag["matches"]?[0]?["path"]?.stringValue == project.path("models/model.pt"))
            #expect(try await Self.found(["--remote", "--tag", "license=MIT"], reader) == [project.path("models/model.pt")])
            #expect(try await Self.found(["--remote", "--tag", "license=GPL-3.0"], reader).isEmpty)
            #expect(try await Self.found(["--remote", "--path", "metrics", "--since", "1h"], reader) == [project.path("metrics.json")])
            #expect(try await Self.found(["--remote", "--path", "metrics", "--until", "1h"], reader).isEmpty)

            // Jobs: by the time they ran, by the lineage's repository and by commit prefix.
            let recent = try RegisterCommandTests.json(
                try await LabelCommandTests.roar(["find", "--remote", "--since", "1d", "--command", "python", "--json"], reader))
            #expect(
                Set(recent["matches"]?.arrayValue?.compactMap { $0["command"]?.stringValue } ?? []) == [
                    "python train.py --lr 0.1", "python evaluate.py",
                ])
            #expect(recent["matches"]?[0]?["lineage_hash"]?.stringValue == hash)
            let lineageRepo = try #require(project.store.jobs().last?.gitRepo)
            #expect(try await Self.found(["--remote", "--repo", lineageRepo], reader).count == 3)
            #expect(try await Self.found(["--remote", "--repo", "https://elsewhere.example/x.git"], reader).isEmpty)
            #expect(try await Self.found(["--remote", "--commit", "aaaa2"], reader) == ["python train.py --lr 0.1"])
            let paged = try RegisterCommandTests.json(try await LabelCommandTests.roar(["find", "--remote", "--limit", "2", "--json"], reader))
            #expect(paged["count"] == 2)
            #expect(paged["more"] == true)

            let mixed = try await LabelCommandTests.roar(["find", "--remote", "--tag", "license", "--commit", "aaaa"], reader)
            #expect(mixed.status != 0)
            #expect(mixed.stderr.split(separator: "\n").count == 1)
        }
    }
}
