import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar diff A B` on jobs recorded by the `roar` executable: a changed parameter, a changed
/// source input, a changed code commit, and identical recipes.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(3)))
struct RecipeDiffTests {
    static let scripts = [
        "prepare.sh": "sort raw.csv > data.txt\n",
        "train.sh": "# sh train.sh --lr RATE\nwc -l < data.txt > model.txt\necho \"lr=$2\" >> model.txt\n",
        "raw.csv": "3\n1\n2\n",
    ]

    func diff(_ repo: PipelineRepo, _ a: String, _ b: String) async throws -> (status: Int32, text: String, json: JSONValue) {
        let text = try await repo.roar(["diff", a, b])
        let json = try await repo.roar(["diff", a, b, "--json"])
        #expect(text.status == json.status)
        return (json.status, text.stdout, try JSONParser.parse(json.stdout))
    }

    @Test func aChangedParameterIsTheLikelyCause() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        try await repo.record(["sh", "train.sh", "--lr", "0.1"])
        let first = TestDigest.blake3("3\nlr=0.1\n")
        try await repo.record(["sh", "train.sh", "--lr", "0.2"])
        let result = try await diff(repo, String(first.prefix(12)), "model.txt")
        #expect(result.status == 1)
        #expect(result.json["identical"]?.boolValue == false)
        #expect(result.json["likely_cause"]?["summary"]?.stringValue == "@3 sh train.sh --lr 0.2: --lr 0.1 → 0.2")
        #expect(result.text.contains("likely cause: @3 sh train.sh --lr 0.2: --lr 0.1 → 0.2"), "\(result.text)")
        let steps = result.json["steps"]?.arrayValue ?? []
        #expect(steps.count == 2)
        #expect(steps.first?["status"]?.stringValue == "same", "prepare is shared")
        let changes = steps.last?["changes"]?.arrayValue ?? []
        #expect(changes.contains { $0["kind"]?.stringValue == "parameter" && $0["name"]?.stringValue == "--lr" && $0["b"]?.stringValue == "0.2" })
        #expect(changes.contains { $0["kind"]?.stringValue == "output" && $0["name"]?.stringValue == "model.txt" })
    }

    @Test func aChangedSourceInputIsTheLikelyCause() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        try await repo.record(["sh", "train.sh", "--lr", "0.1"])
        let first = TestDigest.blake3("3\nlr=0.1\n")
        try repo.fixture.write("raw.csv", "3\n1\n2\n4\n")
        try await repo.record(["sh", "prepare.sh"])
        try await repo.record(["sh", "train.sh", "--lr", "0.1"])
        let result = try await diff(repo, first, "model.txt")
        #expect(result.status == 1)
        let cause = result.json["likely_cause"]
        #expect(cause?["b"]?["command"]?.stringValue == "sh prepare.sh")
        #expect(cause?["summary"]?.stringValue?.contains("input raw.csv") == true, "\(String(describing: cause))")
        let train = result.json["steps"]?.arrayValue?.last?["changes"]?.arrayValue ?? []
        #expect(
            train.contains { $0["name"]?.stringValue == "data.txt" && $0["from_upstream"]?.boolValue == true },
            "the train step's changed input is explained upstream")
    }

    @Test func aChangedCommitIsTheLikelyCause() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        try await repo.record(["sh", "train.sh", "--lr", "0.1"])
        let before = try await repo.head()
        let first = TestDigest.blake3("3\nlr=0.1\n")
        try repo.fixture.write("train.sh", "wc -l < data.txt > model.txt\necho \"v2 lr=$2\" >> model.txt\n")
        try await repo.commit("train v2")
        let after = try await repo.head()
        try await repo.record(["sh", "train.sh", "--lr", "0.1"])
        let result = try await diff(repo, first, "model.txt")
        #expect(result.status == 1)
        // The file that changed is named before the commit that holds it.
        let oldScript = Output.short(TestDigest.blake3(Self.scripts["train.sh"]!))
        let newScript = Output.short(TestDigest.blake3("wc -l < data.txt > model.txt\necho \"v2 lr=$2\" >> model.txt\n"))
        #expect(result.json["likely_cause"]?["summary"]?.stringValue == "@3 sh train.sh --lr 0.1: code train.sh \(oldScript) → \(newScript)")
        let changes = result.json["steps"]?.arrayValue?.last?["changes"]?.arrayValue ?? []
        #expect(changes.first?["kind"]?.stringValue == "code" && changes.first?["note"] == .null)
        #expect(changes.contains { $0["kind"]?.stringValue == "commit" && $0["a"]?.stringValue == before && $0["b"]?.stringValue == after })
        #expect(result.text.contains("commit"))
    }

    /// The case: the script edited without a commit, the same command again. The two
    /// records share a commit; the code digests tell them apart, so the step is not called
    /// nondeterministic, and reproduce warns that the commit does not hold what ran.
    @Test func uncommittedCodeIsNamedNotCalledNondeterminism() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        try await repo.record(["sh", "train.sh", "--lr", "0.1"])
        let edited = "wc -l < data.txt > model.txt\necho \"edited lr=$2\" >> model.txt\n"
        try repo.fixture.write("train.sh", edited)
        try repo.fixture.write("extra.sh", "true\n")
        try await repo.record(["sh", "-c", ". ./extra.sh; sh train.sh --lr 0.1"])
        try await repo.record(["sh", "train.sh", "--lr", "0.1"])
        let head = String(try await repo.head().prefix(7))

        let result = try await diff(repo, "@2", "@4")
        #expect(result.status == 1)
        let summary = result.json["likely_cause"]?["summary"]?.stringValue ?? ""
        #expect(summary.contains("code train.sh") && summary.hasSuffix("(uncommitted)"), "\(summary)")
        #expect(!result.text.contains("not deterministic"), "\(result.text)")

        let shown = try await repo.roar(["show", "@4"])
        #expect(shown.stdout.contains("train.sh  \(Output.short(TestDigest.blake3(edited)))  (modified since \(head))"), "\(shown.stdout)")
        let json = try JSONParser.parse(try await repo.roar(["show", "@4", "--json"]).stdout)
        let code = json["job"]?["metadata"]?["code"]?.arrayValue ?? []
        #expect(code.contains { $0["path"] == "train.sh" && $0["git"] == "modified" && $0["digest"]?.stringValue == TestDigest.blake3(edited) })
        let untracked = try JSONParser.parse(try await repo.roar(["show", "@3", "--json"]).stdout)["job"]?["metadata"]?["code"]?.arrayValue ?? []
        #expect(
            untracked.contains { $0["path"] == "extra.sh" && $0["git"] == "untracked" && $0["digest"]?.stringValue == TestDigest.blake3("true\n") })

        let plan = try await repo.roar(["reproduce", "model.txt"])
        #expect(plan.stdout.contains("warning: @4 ran on code its commit \(head) does not hold: train.sh (modified)"), "\(plan.stdout)")
        let planJSON = try JSONParser.parse(try await repo.roar(["reproduce", "model.txt", "--json"]).stdout)
        #expect(planJSON["warnings"]?.arrayValue?.count == 1, "\(planJSON)")
    }

    @Test func sameCodeAndInputsWithADifferentOutputIsNondeterministic() async throws {
        let repo = try await PipelineRepo(scripts: ["stamp.sh": "od -An -N8 -tx8 /dev/urandom > stamp.txt\n"])
        try await repo.record(["sh", "stamp.sh"])
        try await repo.record(["sh", "stamp.sh"])
        let result = try await diff(repo, "@1", "@2")
        #expect(
            result.json["likely_cause"]?["summary"]?.stringValue
                == "@2 sh stamp.sh: same inputs, code and parameters, different output (the step is not deterministic)")
    }

    @Test func identicalRecipesSaySo() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        try await repo.record(["sh", "prepare.sh"])
        let result = try await diff(repo, "@1", "@2")
        #expect(result.status == 0)
        #expect(result.json["identical"]?.boolValue == true)
        #expect(result.text.contains("identical recipes: 1 step"), "\(result.text)")
    }

    @Test func unknownTargetsFailInOneLine() async throws {
        let repo = try await PipelineRepo(scripts: Self.scripts)
        try await repo.record(["sh", "prepare.sh"])
        let result = try await repo.roar(["diff", "data.txt", "0123456789abcdef"])
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
