import Foundation

/// Runs workloads under every variant, `repeat` times, in fresh projects, and collects cells.
struct WorkloadRunner {
    let options: Options
    let tools: Tools
    let workspace: Workspace
    let variants: [Variant]
    let sizes: Project.Sizes

    /// Runs `workload` and adds its rows to `results`.
    func run(_ workload: Workload, into results: inout Results) {
        progress("== \(workload.title)")
        results.sectionTitles[workload.section] = workload.title
        for repetition in 0..<options.repetitions {
            // Rotate the variant order per repetition so no variant always runs first.
            let shift = repetition % variants.count
            let order = Array(variants[shift...] + variants[..<shift])
            for variant in order {
                let cells = runOnce(workload, variant: variant, repetition: repetition)
                for (index, step) in workload.steps.enumerated() {
                    results.update(section: workload.section, id: step.id, title: step.title) { $0[variant].add(cells[index]) }
                }
                if workload.total {
                    var total = Cell()
                    if cells.allSatisfy({ $0.failures.isEmpty && $0.samples.count == 1 }) {
                        total.samples = [
                            Sample(
                                wall: cells.map { $0.samples[0].wall }.reduce(0, +),
                                cpu: cells.map { $0.samples[0].cpu }.reduce(0, +))
                        ]
                    } else {
                        total.failures = cells.flatMap(\.failures).prefix(1).map { $0 }
                    }
                    results.update(section: workload.section, id: workload.section + ".total", title: "total (sum of steps)") {
                        $0[variant].add(total)
                    }
                }
            }
        }
    }

    /// One repetition of `workload` under `variant`: one cell (one sample or a failure) per step.
    func runOnce(_ workload: Workload, variant: Variant, repetition: Int) -> [Cell] {
        var cells = Array(repeating: Cell(), count: workload.steps.count)
        let label = "\(workload.section)-\(variant.rawValue)-r\(repetition + 1)"
        let project: Project
        do {
            project = try Project.create(
                in: workspace, label: label, sizes: sizes, python: tools.python,
                smallFiles: workload.smallFiles, variant: variant, tools: tools)
        } catch {
            progress("   \(variant.title): setup failed: \(error)")
            return cells.map { _ in Cell(failures: ["setup failed"], notes: ["\(error)"]) }
        }
        defer { Workspace.remove(project.path) }
        // One unmeasured job first, so per-project first-run caches are not charged to the workload.
        var jobs = 0
        if variant.records {
            let warmLog = project.path + ".warmup.log"
            if let result = try? ChildProcess.run(
                variant.wrap(["/usr/bin/true"], tools: tools), in: project.path,
                environment: variant.environment(tools: tools, reportPath: project.path + ".warmup.json"),
                timeout: options.timeout, logPath: warmLog), result.succeeded
            {
                jobs += 1
            }
        }
        let verifier = Verifier(tools: tools)
        for (index, step) in workload.steps.enumerated() {
            let log = project.path + ".\(step.id).log"
            let report = project.path + ".\(step.id).report.json"
            let measurement: Measurement
            do {
                measurement = try ChildProcess.run(
                    variant.wrap(step.argv, tools: tools), in: project.path,
                    environment: variant.environment(tools: tools, reportPath: report),
                    timeout: options.timeout, logPath: log)
            } catch {
                cells[index].failures.append("spawn failed")
                cells[index].notes.append("\(error)")
                break
            }
            let logTail = { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(400) }
            if measurement.timedOut {
                cells[index].failures.append("timeout")
                progress("   \(variant.title) \(step.id): timeout after \(Int(options.timeout)) s")
                break
            }
            if measurement.status != 0 {
                cells[index].failures.append("exit \(measurement.status)")
                cells[index].notes.append("\(variant.title) \(step.id): exit \(measurement.status): \(logTail())")
                progress("   \(variant.title) \(step.id): exit \(measurement.status)\n\(logTail())")
                break
            }
            let missing = step.outputs.filter { !FileManager.default.fileExists(atPath: project.path + "/" + $0) }
            if !missing.isEmpty {
                cells[index].failures.append("no output")
                cells[index].notes.append("\(variant.title) \(step.id): missing \(missing.joined(separator: ", "))")
                break
            }
            jobs += 1
            switch verifier.verify(project: project, variant: variant, jobNumber: jobs, expected: step.expected, reportPath: report) {
            case .ok:
                cells[index].samples.append(Sample(wall: measurement.wall, cpu: measurement.cpu))
                if variant.records { cells[index].verified += 1 }
            case .incomplete(let detail):
                cells[index].samples.append(Sample(wall: measurement.wall, cpu: measurement.cpu))
                if variant.records { cells[index].verified += 1 }
                cells[index].notes.append("\(variant.title) \(step.id): incomplete capture: \(detail)")
            case .invalid(let detail):
                cells[index].failures.append("invalid: \(detail)")
                progress("   \(variant.title) \(step.id): NOT COUNTED: \(detail)")
            }
            progress(
                "   r\(repetition + 1) " + pad(variant.title, 17) + pad(step.id, 11)
                    + String(format: "%8.3f s wall %8.3f s cpu", measurement.wall, measurement.cpu))
        }
        // Steps after a failed one did not run.
        if let failed = cells.firstIndex(where: { !$0.failures.isEmpty }) {
            for index in cells.indices where index > failed { cells[index].failures.append("not run") }
        }
        return cells
    }
}

/// `text` padded with spaces to `width` characters (left-aligned).
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

/// `text` padded with spaces to `width` characters (right-aligned).
func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}

/// Progress on standard error, so --json output stays clean.
func progress(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
