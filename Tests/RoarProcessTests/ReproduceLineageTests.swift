import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar reproduce HASH --lineage` (plan, rebuild of every output, from the local store and from
/// the registry), `--script` (a bash script that rebuilds in a clean clone) and
/// `--export-requirements`, with the `roar` executable.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(5)))
struct ReproduceLineageTests {
    static let scripts = [
        "prepare.sh": "sort raw.csv > data.txt\n",
        "train.sh": "wc -l < data.txt > model.txt\ncat data.txt >> model.txt\n",
        "report.sh": "cat model.txt data.txt > report.txt\n",
        "raw.csv": "3\n1\n2\n",
    ]
    static let expected = [
        "data.txt": TestDigest.blake3("1\n2\n3\n"), "model.txt": TestDigest.blake3("3\n1\n2\n3\n"),
        "report.txt": TestDigest.blake3("3\n1\n2\n3\n1\n2\n3\n"),
    ]

    @Test(.enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
    func aRegisteredLineageIsPlannedRebuiltAndScripted() async throws {
        try await GlaasProcess.with { registry in
            let repo = try await PipelineRepo(scripts: Self.scripts)
            let environment = RegisterCommandTests.environment(repo.fixture)
            func roar(_ arguments: [String], in directory: String? = nil, _ extra: [String: String] = [:]) async throws -> RoarBinary.Result {
                try await RoarBinary.run(arguments, in: directory ?? repo.root, environment: environment.merging(extra) { $1 })
            }
            #expect(try await roar(["config", "set", "glaas.url", registry.url]).status == 0)
            for script in ["prepare.sh", "train.sh", "report.sh"] {
                let run = try await roar(["run", "sh", script])
                #expect(run.status == 0, "\(run.stderr)")
            }
            let hash = try #require(try RegisterCommandTests.json(try await roar(["register", "-y", "--json"]))["lineage_hash"]?.stringValue)
            let commands = ["sh prepare.sh", "sh train.sh", "sh report.sh"]

            let plan = try RegisterCommandTests.json(try await roar(["reproduce", hash, "--lineage", "--json"]))
            #expect(plan["origin"]?.stringValue == "local")
            #expect(plan["lineage"]?.stringValue == hash)
            #expect(plan["run_steps"]?.arrayValue?.map { $0["command"]?.stringValue } == commands)
            let text = try await roar(["reproduce", String(hash.prefix(16)), "--lineage"])
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.hasPrefix("lineage  \(hash)"), "\(text.stdout)")
            #expect(text.stdout.contains("run steps (3)") && text.stdout.contains("roar reproduce \(hash) --lineage --run"), "\(text.stdout)")

            let rebuilt = try RegisterCommandTests.json(
                try await roar(["reproduce", hash, "--lineage", "--run", "--into", repo.root + "/clone", "-y", "--json"]))
            #expect(rebuilt["result"]?.stringValue == "MATCH")
            let outputs = rebuilt["outputs"]?.arrayValue ?? []
            #expect(outputs.count == 3)
            for output in outputs {
                let path = try #require(output["path"]?.stringValue)
                #expect(output["rebuilt"]?.stringValue == Self.expected[path], "\(path)")
            }

            // Outside any project the registry answers, with the same steps.
            let elsewhere = try ProjectFixture()
            try FileManager.default.removeItem(atPath: elsewhere.project.roarDirectory)
            let remote = try RegisterCommandTests.json(
                try await roar(["reproduce", hash, "--lineage", "--json"], in: elsewhere.root, ["GLAAS_URL": registry.url]))
            #expect(remote["origin"]?.stringValue == "registry")
            #expect(remote["run_steps"]?.arrayValue?.map { $0["command"]?.stringValue } == commands)

            let script = repo.root + "/rebuild.sh"
            let written = try await roar(["reproduce", hash, "--lineage", "--script", script])
            #expect(written.status == 0, "\(written.stderr)")
            let body = try String(contentsOfFile: script, encoding: .utf8)
            let commit = try await repo.head()
            let firstJob = try #require(plan["run_steps"]?.arrayValue?.first?["uid"]?.stringValue)
            #expect(body.hasPrefix("#!/usr/bin/env bash\n# Reproduction script for lineage \(hash)\n"), "\(body)")
            #expect(body.contains("set -euo pipefail\n"))
            #expect(body.contains("git clone -q -- \(repo.origin) \"$dir\""), "\(body)")
            #expect(body.contains("git checkout -q --detach \(commit)"))
            #expect(body.contains("# @1 job \(firstJob) at commit \(commit.prefix(12)): sh prepare.sh"), "\(body)")
            #expect(body.contains("#   expect data.txt  \(Self.expected["data.txt"] ?? "")"), "\(body)")
            #expect(body.contains("roar run -- sh report.sh"))
            let runDirectory = elsewhere.root + "/run"
            try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
            let roarDirectory = (RoarBinary.path as NSString).deletingLastPathComponent
            let ran = try await ChildProcess.run(
                ["bash", script, "rebuilt"],
                environment: ChildProcess.environment(
                    environment.merging(["PATH": roarDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]) { $1 }),
                workingDirectory: runDirectory, timeout: .seconds(120))
            #expect(ran.status == 0, "\(ran.stderr)")
            for (name, digest) in Self.expected {
                let data = try #require(FileManager.default.contents(atPath: runDirectory + "/rebuilt/" + name), "\(name)")
                #expect(TestDigest.blake3(String(decoding: data, as: UTF8.self)) == digest, "\(name)")
            }

            let missing = repo.root + "/missing.sh"
            let unknown = try await roar(["reproduce", String(repeating: "ab", count: 32), "--lineage", "--script", missing])
            #expect(unknown.status != 0)
            #expect(unknown.stderr.split(separator: "\n").count == 1 && unknown.stderr.contains("lineage not found"), "\(unknown.stderr)")
            #expect(!FileManager.default.fileExists(atPath: missing))
        }
    }

    @Test func theRecordedPipPackagesBecomeARequirementsFile() async throws {
        let fixture = try ProjectFixture()
        _ = try BranchingPipeline(fixture, pip: ["scipy": "1.14.0", "Numpy": "2.1.0", "attrs": "24.2.0", "--index-url=http://evil": "1"])
        let file = fixture.path("requirements.txt")
        let result = try await RoarBinary.run(
            ["reproduce", "model.txt", "--export-requirements", file], in: fixture.root, environment: RegisterCommandTests.environment(fixture))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Wrote 3 pip requirement(s) to \(file)"), "\(result.stdout)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("# roar reproduce — recorded pip pins for artifact ") == true, "\(lines)")
        #expect(lines.filter { !$0.hasPrefix("#") } == ["Numpy==2.1.0", "attrs==24.2.0", "scipy==1.14.0"])

        let both = try await RoarBinary.run(
            ["reproduce", "model.txt", "--run", "--export-requirements", file], in: fixture.root,
            environment: RegisterCommandTests.environment(fixture))
        #expect(both.status != 0 && both.stderr.contains("--run"))
    }
}
