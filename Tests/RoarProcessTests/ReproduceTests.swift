import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar reproduce` with the `roar` executable: the plan, a deterministic pipeline rebuilt in
/// place and in a clone (MATCH), a step that writes the time (DIFFERENT, naming it), and errors.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(3)))
struct ReproduceTests {
    static let scripts = [
        "prepare.sh": "sort raw.csv > data.txt\n",
        "train.sh": "wc -l < data.txt > model.txt\ncat data.txt >> model.txt\n",
        "stamp.sh": "cat data.txt > stamped.txt\ndate +%s%N >> stamped.txt\n",
        "report.sh": "cat stamped.txt > report.txt\n",
        "raw.csv": "3\n1\n2\n",
    ]

    @Test func theDeterministicPipelineMatchesInPlaceAndInAClone() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        try await repo.record(["sh", "train.sh"])
        let model = TestDigest.blake3("3\n1\n2\n3\n")

        let plan = try JSONParser.parse(try await repo.roar(["reproduce", "model.txt", "--json"]).stdout)
        #expect(plan["commit"]?.stringValue == (try await repo.head()))
        #expect(plan["repo"]?.stringValue == repo.origin)
        #expect(plan["target"]?["digest"]?.stringValue == model)
        #expect(plan["run_steps"]?.arrayValue?.map { $0["command"]?.stringValue } == ["sh prepare.sh", "sh train.sh"])
        let text = try await repo.roar(["reproduce", String(model.prefix(10))])
        #expect(text.status == 0)
        #expect(text.stdout.contains("run steps (2)") && text.stdout.contains("@2  sh train.sh"), "\(text.stdout)")

        try repo.fixture.write("model.txt", "overwritten\n")
        let inPlace = try await repo.roar(["reproduce", "model.txt", "--run", "-y", "--json"])
        #expect(inPlace.status == 0, "\(inPlace.stderr)")
        let placed = try JSONParser.parse(inPlace.stdout)
        #expect(placed["result"]?.stringValue == "MATCH")
        #expect(placed["in_place"]?.boolValue == true)
        #expect(repo.fixture.read("model.txt") == "3\n1\n2\n3\n")

        let clone = repo.root + "/clone"
        let cloned = try await repo.roar(["reproduce", model, "--run", "--into", clone, "-y"])
        #expect(cloned.status == 0, "\(cloned.stderr)")
        #expect(cloned.stdout.hasPrefix("MATCH  model.txt"), "\(cloned.stdout)")
        #expect(FileManager.default.fileExists(atPath: clone + "/.roar/roar.sqlite"), "the replay was recorded in the clone")
        #expect(try await RoarBinary.run(["log", "--json"], in: clone).stdout.contains("sh train.sh"))

        let withVenv = try await repo.roar(["reproduce", model, "--run", "--venv", "--into", repo.root + "/clone2", "-y", "--json"])
        #expect(withVenv.status == 0, "\(withVenv.stderr)")
        #expect(try JSONParser.parse(withVenv.stdout)["result"]?.stringValue == "MATCH")
        #expect(FileManager.default.isExecutableFile(atPath: repo.root + "/clone2/.roar/reproduce-venv/bin/python3"))
    }

    /// A step run on an uncommitted edit and an untracked script: the clone gets the kept
    /// copies before the step replays, and the rebuild matches; without the copies it cannot,
    /// and says why.
    @Test func uncommittedCodeIsRestoredFromKeptCopies() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        try repo.fixture.write("train.sh", "wc -l < data.txt > model.txt\nsh scale.sh >> model.txt\n")
        try repo.fixture.write("scale.sh", "echo scaled\n")
        try await repo.record(["sh", "train.sh"])
        let model = TestDigest.blake3("3\nscaled\n")
        let kept = repo.root + "/.roar/code/"
        #expect(FileManager.default.fileExists(atPath: kept + TestDigest.blake3("echo scaled\n")), "the untracked script was kept")

        let cloned = try await repo.roar(["reproduce", model, "--run", "--into", repo.root + "/clone", "-y", "--json"])
        #expect(cloned.status == 0, "\(cloned.stderr)")
        #expect(try JSONParser.parse(cloned.stdout)["result"]?.stringValue == "MATCH", "\(cloned.stdout)")
        #expect(cloned.stderr.contains("restored train.sh as @2 read it (modified"), "\(cloned.stderr)")

        try FileManager.default.removeItem(atPath: kept)
        let without = try await repo.roar(["reproduce", model, "--run", "--into", repo.root + "/clone2", "-y"])
        #expect(without.stdout.hasPrefix("DIFFERENT"), "\(without.stdout)")
        #expect(
            without.stdout.contains(
                "the rebuild could not match: it ran without the code recorded for @2 scale.sh (untracked), @2 train.sh (modified)"),
            "\(without.stdout)")
    }

    @Test func aStepThatWritesTheTimeIsNamed() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        try await repo.record(["sh", "stamp.sh"])
        try await repo.record(["sh", "report.sh"])
        let clone = repo.root + "/clone"
        let result = try await repo.roar(["reproduce", "report.txt", "--run", "--into", clone, "-y"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("DIFFERENT  report.txt"), "\(result.stdout)")
        #expect(result.stdout.contains("likely cause: @2 sh stamp.sh: same inputs, code and parameters, different output"), "\(result.stdout)")

        try FileManager.default.removeItem(atPath: clone)
        let json = try JSONParser.parse(try await repo.roar(["reproduce", "report.txt", "--run", "--into", clone, "-y", "--json"]).stdout)
        #expect(json["result"]?.stringValue == "DIFFERENT")
        #expect(json["diff"]?["likely_cause"]?["a"]?["command"]?.stringValue == "sh stamp.sh")
    }

    @Test func failuresAreOneReadableLine() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])

        let unknown = try await repo.roar(["reproduce", "0123456789abcdef", "--run", "-y"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.split(separator: "\n").count == 1, "\(unknown.stderr)")

        let notEmpty = try await repo.roar(["reproduce", "data.txt", "--run", "-y", "--into", repo.root])
        #expect(notEmpty.status != 0)
        #expect(notEmpty.stderr.contains("not empty"), "\(notEmpty.stderr)")

        try FileManager.default.removeItem(atPath: repo.origin)
        let noClone = try await repo.roar(["reproduce", "data.txt", "--run", "-y", "--into", repo.root + "/clone"])
        #expect(noClone.status != 0)
        let errors = noClone.stderr.split(separator: "\n").filter { $0.contains("failed") }
        #expect(errors.count == 1 && errors[0].hasPrefix("roar: git clone \(repo.origin) failed"), "\(noClone.stderr)")

        let plain = try ProjectFixture()
        #expect(try await RoarBinary.run(["run", "sh", "-c", "echo x > out.txt"], in: plain.root).status == 0)
        let noGit = try await RoarBinary.run(["reproduce", "out.txt", "--run", "-y"], in: plain.root)
        #expect(noGit.status != 0)
        #expect(noGit.stderr == "roar: the recipe records no git commit: its code cannot be checked out\n")
        let unasked = try await RoarBinary.run(["reproduce", "out.txt", "--run"], in: plain.root)
        #expect(unasked.status != 0 && unasked.stderr.contains("-y"))
    }
}
