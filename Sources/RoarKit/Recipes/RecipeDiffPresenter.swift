import Foundation
import LineageModel

/// `roar diff` output: a short aligned text, or JSON with every change.
public enum RecipeDiffPresenter {
    /// `header`: start with the two sides (A, B); reproduce leaves it out.
    public static func text(_ diff: RecipeDiff, header: Bool = true) -> String {
        var lines = header ? [Output.table([side("A", diff.a), side("B", diff.b)])] : []
        if diff.identical {
            lines.append(
                "identical recipes: \(diff.pairs.count) step\(diff.pairs.count == 1 ? "" : "s"), same code, parameters, inputs, packages and environment"
            )
            return lines.joined(separator: "\n")
        }
        lines.append("likely cause: " + (diff.cause?.summary ?? "the artifacts differ but their recorded steps do not"))
        lines.append("")
        for pair in diff.pairs {
            guard let a = pair.a, let b = pair.b else {
                let step = pair.a ?? pair.b!
                lines.append("\(step.label) \(step.command)  (only in \(pair.a == nil ? "B" : "A"))")
                continue
            }
            let heading = a.label == b.label ? "\(b.label) \(b.command)" : "\(a.label)/\(b.label) \(b.command)"
            if pair.changes.isEmpty {
                lines.append("\(heading)  (same)")
                continue
            }
            lines.append(heading)
            lines.append(Output.table(pair.changes.map(row), indent: "    "))
        }
        return lines.joined(separator: "\n")
    }

    static func side(_ name: String, _ recipe: Recipe) -> [String] {
        let target = recipe.target.map { "\($0.path)  \(Output.short($0.digest))" } ?? "(no single output)"
        let commit = recipe.commit.map { "commit \($0.prefix(10))" } ?? "no commit"
        return [name, target, "\(recipe.origin), \(recipe.steps.count) step\(recipe.steps.count == 1 ? "" : "s"), \(commit)"]
    }

    static func row(_ change: RecipeDiff.Change) -> [String] {
        func value(_ text: String?) -> String {
            guard let text else { return "(none)" }
            if text.count == 64, text.allSatisfy(\.isHexDigit) { return Output.short(text) }
            return text.isEmpty ? "(flag)" : text
        }
        let values =
            "\(value(change.before)) → \(value(change.after))" + (change.fromUpstream ? "  (made upstream)" : "")
            + (change.note.map { "  (\($0))" } ?? "")
        return [change.kind, change.name.isEmpty ? "-" : change.name, values]
    }

    public static func json(_ diff: RecipeDiff) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        func step(_ step: RecipeStep?) -> JSONValue {
            guard let step else { return .null }
            return ["step": .int(Int64(step.number)), "uid": .string(step.uid), "command": .string(step.command), "job_type": .string(step.jobType)]
        }
        return [
            "identical": .bool(diff.identical),
            "a": RecipeJSON.summary(diff.a),
            "b": RecipeJSON.summary(diff.b),
            "likely_cause": diff.cause.map { cause -> JSONValue in
                ["summary": .string(cause.summary), "a": step(diff.pairs[cause.pair].a), "b": step(diff.pairs[cause.pair].b)]
            } ?? .null,
            "steps": .array(
                diff.pairs.map { pair -> JSONValue in
                    [
                        "a": step(pair.a), "b": step(pair.b),
                        "status": .string(pair.a == nil ? "only_b" : pair.b == nil ? "only_a" : pair.changes.isEmpty ? "same" : "changed"),
                        "changes": .array(
                            pair.changes.map { change -> JSONValue in
                                [
                                    "kind": .string(change.kind), "name": .string(change.name), "a": optional(change.before),
                                    "b": optional(change.after),
                                    "from_upstream": .bool(change.fromUpstream), "note": optional(change.note),
                                ]
                            }),
                    ]
                }),
        ]
    }
}
