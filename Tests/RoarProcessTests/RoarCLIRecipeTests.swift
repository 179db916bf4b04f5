import BLAKE3Hashing
import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// Cross-client: a 3-step lineage recorded and registered by the real roar-cli 0.4.7 on a real
/// glaas server is read back through a plain HTTP fetcher, planned, diffed, and reproduced by
/// this roar in a fresh clone on another "machine".
@Suite(
    .enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason),
    .enabled(if: RoarCLIMachine.hasRoarCLI, "needs roar-cli 0.4.7 in .build-venv/roar-cli or $ROAR_CLI_VENV (scripts/test.sh installs it)"),
    .timeLimit(.minutes(8)))
struct RoarCLIRecipeTests {
    @Test func aLineageRegisteredByRoarCLIIsDiffedAndReproduced() async throws {
        try await RoarCLIMachine.with { machine in
            let demo = machine.work + "/demo"
            try await machine.run(["git", "init", "-q", "--bare", machine.work + "/remote.git"], in: machine.work)
            try await machine.run(["git", "init", "-q", demo], in: machine.work)
            let files = [
                "prepare.py":
                    "import random\nrandom.seed(7)\nwith open('data.csv', 'w') as out:\n    for i in range(200):\n        out.write(f'{i},{random.random():.6f}\\n')\n",
                "train.py":
                    "import json, sys\nrate = float(sys.argv[2])\nrows = [line.split(',') for line in open('data.csv')]\njson.dump({'w': round(rate * sum(float(r[1]) for r in rows), 9)}, open('model.json', 'w'))\n",
                "evaluate.py":
                    "import json\nmodel = json.load(open('model.json'))\njson.dump({'score': model['w'] * 2}, open('metrics.json', 'w'))\n",
                ".gitignore": ".roar/\n*.csv\n*.json\n",
            ]
            for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: demo + "/" + name)) }
            try await machine.run(["git", "remote", "add", "origin", RoarCLIMachine.remoteURL], in: demo)
            try await machine.run(["sh", "-c", "git add -A && git commit -qm pipeline && git push -q origin main"], in: demo)
            let commit = try await machine.run(["git", "rev-parse", "HEAD"], in: demo).trimmingCharacters(in: .whitespacesAndNewlines)
            try await machine.run(["roar", "init", "-n"], in: demo)
            try await machine.run(["roar", "config", "set", "glaas.url", machine.url], in: demo)
            try await machine.run(["roar", "config", "set", "tracer.default", "ptrace"], in: demo)
            try await machine.run(["roar", "run", "python", "prepare.py"], in: demo)
            try await machine.run(["roar", "run", "python", "train.py", "--rate", "0.5"], in: demo)
            try await machine.run(["roar", "run", "python", "evaluate.py"], in: demo)
            try await machine.run(["roar", "register", "-y"], in: demo)
            let model = try BLAKE3.hashFile(at: demo + "/model.json").hex
            let metrics = try BLAKE3.hashFile(at: demo + "/metrics.json").hex

            let resolver = RecipeResolver(project: nil, store: nil, fetcher: HTTPRecipeFetcher(base: machine.url))
            let recipe = try await resolver.recipe(String(model.prefix(12)))
            #expect(recipe.origin == "registry")
            #expect(recipe.target == RecipeFile(path: "model.json", digest: model))
            #expect(recipe.repo == RoarCLIMachine.remoteURL)
            #expect(recipe.commit == commit)
            #expect(recipe.runSteps.map(\.command) == ["python prepare.py", "python train.py --rate 0.5"])
            #expect(recipe.steps.last?.argv == ["python", "train.py", "--rate", "0.5"])
            #expect(recipe.steps.last?.inputs.map(\.path) == ["data.csv"])
            #expect(!recipe.pipPackages.isEmpty, "roar-cli records the pip packages its jobs imported")
            #expect(ReproducePresenter.planText(recipe).contains("@2  python train.py --rate 0.5"))

            let longer = try await resolver.recipe(metrics)
            let diff = RecipeDiff(recipe, longer)
            #expect(!diff.identical)
            #expect(diff.cause?.summary == "@3 python evaluate.py only in B")
            #expect(diff.pairs.prefix(2).allSatisfy { $0.a != nil && $0.b != nil && $0.changes.isEmpty })
            await expectRoarError(.usage, containing: "nothing matches 0123456789abcdef in the registry") {
                try await resolver.recipe("0123456789abcdef")
            }

            // Machine B: no project, a fresh clone of the https remote, the steps under this roar.
            let reproducer = Reproducer(
                roarExecutable: RoarBinary.path, into: machine.work + "/clone", workingDirectory: machine.work,
                environment: machine.environment("B"))
            let outcome = try await Self.reproduce(recipe, with: reproducer)
            #expect(outcome.matches, "rebuilt \(String(describing: outcome.rebuilt)), expected \(model)")
            #expect(!outcome.inPlace)
            #expect(try await machine.run(["git", "rev-parse", "HEAD"], in: outcome.directory).hasPrefix(commit))

            // The rebuilt recipe, recorded by this roar, against roar-cli's: same steps, code and data.
            let clone = RoarProject(root: outcome.directory)
            let rebuilt = try Recipe.local(
                file: LocalFile(path: outcome.directory + "/model.json", digest: model, size: 0),
                store: try LocalStore(path: clone.storePath), project: clone)
            let across = RecipeDiff(recipe, rebuilt)
            #expect(across.pairs.count == 2 && across.pairs.allSatisfy { $0.a != nil && $0.b != nil })
            let kinds = Set(across.pairs.flatMap(\.changes).map(\.kind))
            #expect(kinds.isDisjoint(with: ["commit", "command", "parameter", "output", "cwd"]), "\(across.pairs.flatMap(\.changes))")
        }
    }

    /// `Reproducer.run` blocks its thread for as long as the steps run: on a thread of its own.
    static func reproduce(_ recipe: Recipe, with reproducer: Reproducer) async throws -> Reproducer.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try reproducer.run(recipe) { _ in } }) }
        }
    }
}
