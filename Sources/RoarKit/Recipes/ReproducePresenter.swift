import Foundation
import LineageModel

/// `roar reproduce` output: the plan before running, the verdict after.
public enum ReproducePresenter {
    public static func planText(_ recipe: Recipe) -> String {
        var rows: [[String]] = []
        if let lineage = recipe.lineage { rows.append(["lineage", lineage]) }
        if let target = recipe.target { rows.append(["artifact", "\(target.path)  \(target.digest)"]) }
        rows.append(["from", recipe.origin == "local" ? "the local store" : "the registry"])
        rows.append(["repo", recipe.repo ?? "(none recorded)"])
        rows.append(["commit", (recipe.commit ?? "(none recorded)") + (recipe.branch.map { "  (\($0))" } ?? "")])
        if recipe.commits.count > 1 { rows.append(["", "warning: the steps were recorded at \(recipe.commits.count) different commits"]) }
        for warning in recipe.uncommittedCodeWarnings { rows.append(["", "warning: \(warning)"]) }
        if let python = recipe.steps.compactMap(\.python).last { rows.append(["python", python]) }
        var lines = [Output.table(rows)]
        for (title, steps) in [("build steps", recipe.buildSteps), ("run steps", recipe.runSteps)] {
            lines.append("\(title) (\(steps.count))")
            if !steps.isEmpty {
                // What runs is shown: the argv, quoted, not the recorded command line.
                let shown = steps.map { step in
                    let argv = step.argv.isEmpty ? step.command : ReplayGuard.shown(step.argv)
                    return [step.label, step.cwd.isEmpty ? argv : "(in \(step.cwd)) \(argv)"]
                }
                lines.append(Output.table(shown, indent: "  "))
            }
        }
        let pip = recipe.pipPackages
        let dpkg = recipe.dpkgPackages
        let pipText = pip.map { "\($0.name)==\($0.version)" }.joined(separator: " ")
        let dpkgText = dpkg.map { "\($0.name)=\($0.version)" }.joined(separator: " ")
        lines.append("pip packages (\(pip.count))" + (pip.isEmpty ? "" : ": " + TerminalText.escaped(pipText)))
        lines.append("dpkg packages (\(dpkg.count))" + (dpkg.isEmpty ? "" : ": " + TerminalText.escaped(dpkgText)))
        for problem in ReplayGuard.stepProblems(recipe) { lines.append("will not run: \(problem)") }
        if let lineage = recipe.lineage, !recipe.steps.isEmpty {
            lines.append("to rebuild every output and compare: roar reproduce \(lineage) --lineage --run")
        } else if let target = recipe.target, !recipe.steps.isEmpty {
            lines.append("to rebuild and compare: roar reproduce \(Output.short(target.digest)) --run")
        }
        return lines.joined(separator: "\n")
    }

    public static func outcomeText(_ outcome: Reproducer.Outcome) -> String {
        let expected = "\(outcome.expected.path)  \(Output.short(outcome.expected.digest))"
        if outcome.matches { return "MATCH  \(expected)  (rebuilt in \(outcome.directory))" }
        var lines = [
            "DIFFERENT  \(expected) recorded, "
                + (outcome.rebuilt.map { "\(Output.short($0.digest)) rebuilt in \(outcome.directory)" } ?? "not rebuilt: no replayed step wrote it")
        ]
        if !outcome.unrestoredCode.isEmpty {
            lines.append("the rebuild could not match: it ran without the code recorded for \(outcome.unrestoredCode.joined(separator: ", "))")
        }
        if let diff = outcome.diff { lines.append(RecipeDiffPresenter.text(diff, header: false)) }
        return lines.joined(separator: "\n")
    }

    public static func outcomeJSON(_ outcome: Reproducer.Outcome) -> JSONValue {
        [
            "result": .string(outcome.matches ? "MATCH" : "DIFFERENT"),
            "directory": .string(outcome.directory), "in_place": .bool(outcome.inPlace),
            "expected": ["path": .string(outcome.expected.path), "digest": .string(outcome.expected.digest)],
            "rebuilt": outcome.rebuilt.map { file -> JSONValue in ["path": .string(file.path), "digest": .string(file.digest)] } ?? .null,
            "package_mismatches": .array(outcome.packageIssues.map(JSONValue.string)),
            "unrestored_code": .array(outcome.unrestoredCode.map(JSONValue.string)),
            "diff": outcome.diff.map(RecipeDiffPresenter.json) ?? .null,
        ]
    }
}
