import Foundation

/// The whole benchmark: sets up the workspace, runs the selected sections, prints the report,
/// and removes the workspace.
struct Bench {
    let options: Options

    /// Runs everything; returns the process exit status.
    func run() -> Int32 {
        let workspace: Workspace
        do {
            workspace = try Workspace()
        } catch {
            progress("roar-bench: \(error)")
            return 1
        }
        defer { workspace.remove() }
        let tools = Tools(options: options)
        let variants = Variant.available(tools)
        var results = Results(
            repeatCount: options.repetitions, quick: options.quick, variants: variants, roar: options.roar,
            roarCLI: options.roarCLI, python: options.python)
        if tools.roarCLI == nil { results.notes.append("roar-cli columns skipped: no --roar-cli PATH given") }
        if !FileManager.default.isExecutableFile(atPath: tools.strace) { results.notes.append("strace not found at \(tools.strace)") }
        results.notes.append("machine: \(ProcessInfo.processInfo.activeProcessorCount) CPUs, load average at start \(loadAverage())")
        results.notes.append("versions: " + versions(tools))
        results.notes.append(
            "each variant × repetition runs in a fresh git project (one commit, .roar/ and data ignored);"
                + " recording variants first run one unmeasured `true` job there")
        progress("roar-bench: workspace \(workspace.root)")

        let sizes = options.quick ? Project.Sizes.quick : Project.Sizes.full
        let runner = WorkloadRunner(options: options, tools: tools, workspace: workspace, variants: variants, sizes: sizes)
        for workload in Workload.all(sizes: sizes, python: options.python, only: options.only) {
            runner.run(workload, into: &results)
        }
        if options.only.contains("blake3") {
            HashBench(options: options, tools: tools, workspace: workspace).run(into: &results)
        }
        results.notes.append("load average at end \(loadAverage())")
        let report = Report(results: results)
        print(options.json ? report.json() : report.text())
        return 0
    }

    /// The first three fields of /proc/loadavg.
    func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Versions of the compared tools, one line.
    func versions(_ tools: Tools) -> String {
        func first(_ argv: [String]) -> String {
            (ChildProcess.capture(argv, in: "/", environment: tools.environment, timeout: 60) ?? "?")
                .split(separator: "\n").first.map(String.init) ?? "?"
        }
        var parts = [
            "python " + first([tools.python, "--version"]).replacingOccurrences(of: "Python ", with: ""),
            first([tools.strace, "--version"]),
        ]
        if let cli = tools.roarCLI { parts.append("roar-cli " + first([cli, "--version"])) }
        parts.append(first(["/usr/bin/b3sum", "--version"]))
        return parts.joined(separator: "; ")
    }
}
