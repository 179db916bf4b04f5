import Foundation
import LineageModel

extension ReproducePresenter {
    /// A line per output (MATCH or DIFFERENT, path, digests), then the verdict.
    public static func lineageText(_ outcome: Reproducer.LineageOutcome) -> String {
        let rows = outcome.outputs.map { check -> [String] in
            [
                check.matches ? "MATCH" : "DIFFERENT", check.expected.path, Output.short(check.expected.digest),
                check.matches ? "" : check.rebuilt.map { "rebuilt \(Output.short($0))" } ?? "not rebuilt",
            ]
        }
        var lines = rows.isEmpty ? [] : [Output.table(rows)]
        let differ = outcome.outputs.filter { !$0.matches }.count
        lines.append(
            differ == 0
                ? "all \(outcome.outputs.count) outputs of lineage \(Output.short(outcome.lineage)) rebuilt to the same BLAKE3 (in \(outcome.directory))"
                : "\(differ) of \(outcome.outputs.count) outputs of lineage \(Output.short(outcome.lineage)) differ (rebuilt in \(outcome.directory))"
        )
        if !outcome.outside.isEmpty {
            lines.append("not compared (written outside the checkout): " + outcome.outside.map(\.path).joined(separator: ", "))
        }
        if !outcome.unrestoredCode.isEmpty {
            lines.append("the rebuild ran without the code recorded for \(outcome.unrestoredCode.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }

    /// The outcome for `--json`.
    public static func lineageJSON(_ outcome: Reproducer.LineageOutcome) -> JSONValue {
        [
            "result": .string(outcome.matches ? "MATCH" : "DIFFERENT"), "lineage": .string(outcome.lineage),
            "directory": .string(outcome.directory), "in_place": .bool(outcome.inPlace),
            "outputs": .array(
                outcome.outputs.map { check in
                    [
                        "path": .string(check.expected.path), "expected": .string(check.expected.digest),
                        "rebuilt": check.rebuilt.map(JSONValue.string) ?? .null, "matches": .bool(check.matches),
                    ]
                }),
            "outside": .array(outcome.outside.map { ["path": .string($0.path), "digest": .string($0.digest)] }),
            "package_mismatches": .array(outcome.packageIssues.map(JSONValue.string)),
            "unrestored_code": .array(outcome.unrestoredCode.map(JSONValue.string)),
        ]
    }
}
