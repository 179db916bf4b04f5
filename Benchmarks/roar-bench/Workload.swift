import Foundation

/// One measured command of a workload and what it must record.
struct Step: Sendable {
    var id: String
    var title: String
    /// The command, run in the project directory.
    var argv: [String]
    var expected: Verifier.Expectation
    /// Files (relative to the project) the step must have written, checked for every variant.
    var outputs: [String]
}

/// A workload: steps run in order in one fresh project per variant and repetition.
struct Workload: Sendable {
    var section: String
    var title: String
    var steps: [Step]
    /// Whether the project needs the small input files of workload (b).
    var smallFiles = false
    /// Whether to report a total row (sum of the steps per repetition).
    var total = false

    /// The workloads selected by `only`, with sizes from `sizes`.
    static func all(sizes: Project.Sizes, python: String, only: Set<String>) -> [Workload] {
        var list: [Workload] = []
        let mb = sizes.csvMB.formatted(.number.precision(.fractionLength(0)))
        if only.contains("a") {
            list.append(
                Workload(
                    section: "a", title: "(a) 3-step pipeline around a \(mb) MB CSV",
                    steps: [
                        Step(
                            id: "a.gen", title: "1 gen.py → \(mb) MB CSV", argv: [python, "gen.py", "data/raw.csv", "\(sizes.csvMB)"],
                            expected: .init(inputs: 0, outputs: 1), outputs: ["data/raw.csv"]),
                        Step(
                            id: "a.agg", title: "2 agg.py CSV → agg CSV", argv: [python, "agg.py", "data/raw.csv", "out/agg.csv"],
                            expected: .init(inputs: 1, outputs: 1), outputs: ["out/agg.csv"]),
                        Step(
                            id: "a.sum", title: "3 summarize.py → JSON", argv: [python, "summarize.py", "out/agg.csv", "out/summary.json"],
                            expected: .init(inputs: 1, outputs: 1), outputs: ["out/summary.json"]),
                    ], total: true))
        }
        if only.contains("b") {
            list.append(
                Workload(
                    section: "b", title: "(b) one step: \(sizes.smallFiles) small files in, \(sizes.aggregates) out",
                    steps: [
                        Step(
                            id: "b.many", title: "many.py \(sizes.smallFiles) → \(sizes.aggregates)",
                            argv: [python, "many.py", "small", "out/many", "\(sizes.aggregates)"],
                            expected: .init(inputs: sizes.smallFiles, outputs: sizes.aggregates),
                            outputs: [String(format: "out/many/agg_%03d.bin", sizes.aggregates - 1)])
                    ], smallFiles: true))
        }
        if only.contains("c") {
            list.append(
                Workload(
                    section: "c", title: "(c) shell script starting \(sizes.pythonChildren) Python processes",
                    steps: [
                        Step(
                            id: "c.spawn", title: "sh spawn.sh (\(sizes.pythonChildren) × python3 -c)", argv: ["/bin/sh", "spawn.sh"],
                            expected: .init(inputs: 1, outputs: sizes.pythonChildren),
                            outputs: ["out/c/c_\(sizes.pythonChildren).txt"])
                    ]))
        }
        if only.contains("fixed") {
            list.append(
                Workload(
                    section: "fixed", title: "Fixed cost per job",
                    steps: [
                        Step(id: "fixed.true", title: "true", argv: ["/usr/bin/true"], expected: .init(inputs: 0, outputs: 0), outputs: []),
                        Step(
                            id: "fixed.pass", title: "python3 -c pass", argv: [python, "-c", "pass"],
                            expected: .init(inputs: 0, outputs: 0), outputs: []),
                    ]))
        }
        return list
    }
}
