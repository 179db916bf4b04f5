import Foundation
import LineageModel

/// Recipes as `--json` prints them (`roar reproduce --json`, the sides of `roar diff --json`).
public enum RecipeJSON {
    /// The recipe's identity: target, origin, repo, commit, root, step count.
    public static func summary(_ recipe: Recipe) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        return [
            "origin": .string(recipe.origin),
            "target": recipe.target.map { target -> JSONValue in ["path": .string(target.path), "digest": .string(target.digest)] } ?? .null,
            "repo": optional(recipe.repo), "commit": optional(recipe.commit), "branch": optional(recipe.branch),
            "root": optional(recipe.root), "step_count": .int(Int64(recipe.steps.count)),
        ]
    }

    /// The whole plan: the summary, build steps, run steps, packages.
    public static func plan(_ recipe: Recipe) -> JSONValue {
        func files(_ list: [RecipeFile]) -> JSONValue { .array(list.map { ["path": .string($0.path), "digest": .string($0.digest)] }) }
        func strings(_ map: [String: String]) -> JSONValue { .object(map.mapValues(JSONValue.string)) }
        func step(_ step: RecipeStep) -> JSONValue {
            [
                "step": .int(Int64(step.number)), "uid": .string(step.uid), "job_type": .string(step.jobType), "command": .string(step.command),
                "argv": .array(step.argv.map(JSONValue.string)), "cwd": .string(step.cwd),
                "commit": step.commit.map(JSONValue.string) ?? .null, "inputs": files(step.inputs), "outputs": files(step.outputs),
                "python": step.python.map(JSONValue.string) ?? .null, "env": strings(step.environment),
                "code": .array(step.code.map(\.json)),
            ]
        }
        guard case .object(var document) = summary(recipe) else { return .null }
        document["build_steps"] = .array(recipe.buildSteps.map(step))
        document["run_steps"] = .array(recipe.runSteps.map(step))
        document["commits"] = .array(recipe.commits.map(JSONValue.string))
        if let lineage = recipe.lineage { document["lineage"] = .string(lineage) }
        document["warnings"] = .array(recipe.uncommittedCodeWarnings.map(JSONValue.string))
        document["packages"] = [
            "pip": .object(Dictionary(recipe.pipPackages.map { ($0.name, JSONValue.string($0.version)) }) { first, _ in first }),
            "dpkg": .object(Dictionary(recipe.dpkgPackages.map { ($0.name, JSONValue.string($0.version)) }) { first, _ in first }),
        ]
        return .object(document)
    }
}
