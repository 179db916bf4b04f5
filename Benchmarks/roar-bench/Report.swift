import Foundation

/// Formats `Results` as text tables (medians and ratios against bare) or JSON.
struct Report {
    let results: Results

    static let titleWidth = 30
    static let cellWidth = 21

    /// The JSON encoding of the results.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(results) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The text report.
    func text() -> String {
        var lines: [String] = []
        lines.append(
            "roar-bench: median of \(results.repeatCount) run(s)\(results.quick ? ", --quick sizes" : "");"
                + " wall = elapsed seconds, cpu = user+sys seconds of the whole process tree (wait4/RUSAGE_CHILDREN);"
                + " ×N = ratio to bare")
        lines.append("roar: \(results.roar)")
        lines.append("roar-cli: \(results.roarCLI ?? "not given (--roar-cli): roar-cli columns skipped")")
        lines.append("python: \(results.python)")
        for section in ["a", "b", "c"] {
            let rows = results.rows.filter { $0.section == section }
            guard !rows.isEmpty else { continue }
            lines.append("")
            lines.append(results.sectionTitles[section] ?? section)
            lines += table(rows, metric: "wall", value: \.medianWall)
            lines += table(rows, metric: "cpu", value: \.medianCPU)
        }
        let fixed = results.rows.filter { $0.section == "fixed" }
        if !fixed.isEmpty {
            lines.append("")
            lines.append("Fixed cost per job, medians in ms (in brackets: minus bare)")
            lines += fixedTable(fixed, value: \.medianWall, metric: "wall")
            lines += fixedTable(fixed, value: \.medianCPU, metric: "cpu")
        }
        if !results.hashes.isEmpty {
            lines.append("")
            let mib = (results.hashFileBytes ?? 0) >> 20
            lines.append("BLAKE3 throughput, \(mib) MiB file in /var/tmp, page cache warm (GB/s = 10^9 bytes/s)")
            let baseline = results.hashes.first { $0.tool.hasPrefix("b3sum --num-threads 1") }?.gigabytesPerSecond
            lines.append(
                pad("tool", 28) + padLeft("wall s", 10) + padLeft("cpu s", 10) + padLeft("GB/s", 9) + padLeft("vs b3sum -t1", 14)
                    + padLeft("GB/cpu-s", 10) + padLeft("vs b3sum -t1", 14))
            let cpuBaseline = results.hashes.first { $0.tool.hasPrefix("b3sum --num-threads 1") }?.gigabytesPerCPUSecond
            for row in results.hashes {
                var line = pad(row.tool, 28)
                if let problem = row.cell.problem, row.cell.samples.isEmpty {
                    line += padLeft(problem, 10)
                } else {
                    let speed = row.gigabytesPerSecond ?? 0
                    line +=
                        padLeft(String(format: "%.3f", row.cell.medianWall ?? 0), 10) + padLeft(String(format: "%.3f", row.cell.medianCPU ?? 0), 10)
                    line += padLeft(String(format: "%.2f", speed), 9)
                    line += padLeft(baseline.map { String(format: "×%.2f", speed / $0) } ?? "-", 14)
                    let perCPU = row.gigabytesPerCPUSecond ?? 0
                    line += padLeft(String(format: "%.2f", perCPU), 10)
                    line += padLeft(cpuBaseline.map { String(format: "×%.2f", perCPU / $0) } ?? "-", 14)
                }
                lines.append(line)
            }
            if let digest = results.hashes.first?.digest { lines.append("digest \(digest) (all tools agree unless noted)") }
        }
        var verification: [String] = []
        for variant in results.variants where variant.records {
            let cells = results.rows.filter { !$0.id.hasSuffix(".total") }.map { $0[variant] }
            let samples = cells.map(\.samples.count).reduce(0, +)
            let verified = cells.map(\.verified).reduce(0, +)
            let how =
                variant == .roar
                ? "job with its inputs/outputs in .roar/roar.sqlite"
                : "run report names tracer \(variant.roarCLITracer ?? "?"), job with its inputs/outputs in .roar/roar.db"
            verification.append("\(variant.title): \(verified)/\(samples) timed runs verified (\(how))")
        }
        let notes =
            verification + results.notes
            + results.rows.flatMap { row in
                row.cells.values.flatMap(\.notes) + row.cells.values.flatMap(\.failures).filter { $0 != "not run" && $0.hasPrefix("invalid") }
            }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Notes")
            var seen = Set<String>()
            for note in notes where seen.insert(note).inserted { lines.append("  - " + note) }
        }
        return lines.joined(separator: "\n")
    }

    /// Header plus one line per row: median and ratio to bare per variant.
    func table(_ rows: [Row], metric: String, value: (Cell) -> Double?) -> [String] {
        var lines = [pad("  " + metric + " (s)", Self.titleWidth) + results.variants.map { padLeft($0.title, Self.cellWidth) }.joined()]
        for row in rows {
            let bare = value(row[.bare])
            var line = pad("  " + row.title, Self.titleWidth)
            for variant in results.variants {
                line += padLeft(cellText(row[variant], value: value, bare: variant == .bare ? nil : bare, format: "%.3f"), Self.cellWidth)
            }
            lines.append(line)
        }
        return lines
    }

    /// Fixed-cost lines in milliseconds, with the difference to bare.
    func fixedTable(_ rows: [Row], value: (Cell) -> Double?, metric: String) -> [String] {
        var lines = [pad("  " + metric + " (ms)", Self.titleWidth) + results.variants.map { padLeft($0.title, Self.cellWidth) }.joined()]
        for row in rows {
            let bare = value(row[.bare])
            var line = pad("  " + row.title, Self.titleWidth)
            for variant in results.variants {
                let cell = row[variant]
                var text: String
                if let problem = cell.problem, cell.samples.isEmpty {
                    text = problem
                } else if let median = value(cell) {
                    text = String(format: "%.1f", median * 1000)
                    if variant != .bare, let bare { text += String(format: " (%+.1f)", (median - bare) * 1000) }
                    if cell.problem != nil { text += "?" }
                } else {
                    text = "-"
                }
                line += padLeft(text, Self.cellWidth)
            }
            lines.append(line)
        }
        return lines
    }

    /// "12.345 ×1.05" (ratio only when `bare` is given); the failure when no run succeeded;
    /// "!" marks incomplete capture, "?" runs that partly failed.
    func cellText(_ cell: Cell, value: (Cell) -> Double?, bare: Double?, format: String) -> String {
        if let problem = cell.problem, cell.samples.isEmpty { return problem }
        guard let median = value(cell) else { return "-" }
        var text = String(format: format, median)
        if let bare, bare > 0 { text += String(format: " ×%.2f", median / bare) }
        if cell.notes.contains(where: { $0.contains("incomplete") }) { text += "!" }
        if cell.problem != nil { text += "?" }
        return text
    }
}
