import AsyncHTTPClient
import Foundation

extension LoadBenchmark {
    /// Each operation alone, health first, then the mix; then the server's peak RSS and the aims.
    func load(
        _ name: String, _ client: HTTPClient, _ server: ServerProcess, _ targets: LoadTargets, bearer: String, _ report: inout BenchReport
    ) async throws {
        let phase = LoadPhase(client: client, origin: server.url, targets: targets, clients: clients, seconds: Double(seconds), bearer: bearer)
        // Warm-up: connections opened, caches and the server's pools filled; not reported.
        _ = await LoadPhase(client: client, origin: server.url, targets: targets, clients: clients, seconds: 2).run { LoadOperation.mixed(&$0) }
        say(Self.columns("  \(clients) clients, \(seconds) s each", ["ops/s", "p50", "p99", "errors", "/health", "CPU/op"]))
        var healthRate = Double.nan
        var rates: [LoadOperation: Double] = [:]
        var medians: [LoadOperation: Double] = [:]
        var cpuPerOperation: [LoadOperation: Double] = [:]
        var failures: [String: Int] = [:]
        for operation in LoadOperation.allCases {
            let cpu = server.usage?.cpuSeconds
            let (figures, wall) = await phase.run { _ in operation }
            let serverCPU = server.usage.flatMap { usage in cpu.map { usage.cpuSeconds - $0 } }
            let result = figures[operation] ?? LoadPhase.Figures()
            let rate = Double(result.timings.samples.count) / wall
            if operation == .health { healthRate = rate }
            rates[operation] = rate
            medians[operation] = result.timings.samples.isEmpty ? nil : result.timings.median
            cpuPerOperation[operation] = serverCPU.map { $0 / Double(max(result.timings.samples.count, 1)) }
            failures.merge(result.errors, uniquingKeysWith: +)
            row("\(name) alone: \(operation.rawValue)", operation.label, result, rate: rate, health: healthRate, cpu: serverCPU, &report)
        }
        tokenCheck(name, medians: medians, cpu: cpuPerOperation, &report)
        let cpu = server.usage?.cpuSeconds
        let (mixed, wall) = await phase.run { LoadOperation.mixed(&$0) }
        let mixedCPU = server.usage.flatMap { usage in cpu.map { usage.cpuSeconds - $0 } }
        let total = mixed.values.reduce(0) { $0 + $1.timings.samples.count }
        say(
            Format.row(
                "  mixed (\(LoadOperation.allCases.filter { $0.weight > 0 }.map { "\($0.rawValue) \($0.weight)%" }.joined(separator: ", ")))", ""))
        for (operation, result) in mixed.sorted(by: { $0.key < $1.key }) {
            failures.merge(result.errors, uniquingKeysWith: +)
            let rate = Double(result.timings.samples.count) / wall
            row("\(name) mixed: \(operation.rawValue)", "  " + operation.label, result, rate: rate, health: healthRate, cpu: nil, &report)
        }
        let perOperation = mixedCPU.map { String(format: ", server CPU %.0f µs/op", $0 / Double(max(total, 1)) * 1e6) } ?? ""
        say(Format.row("  mixed, all operations", String(format: "%.0f ops/s", Double(total) / wall) + perOperation))
        report.add(BenchReport.Entry(name: "\(name) mixed: all", rate: Double(total) / wall))

        let peak = server.usage?.peakRSSBytes ?? 0
        let alive = server.process.isRunning
        say(
            Format.row(
                "  server peak RSS (VmHWM)",
                String(format: "%.0f MB%@", Double(peak) / 1_048_576, peak < 200 << 20 ? " (aim < 200 MB: met)" : " (aim < 200 MB: NOT met)")))
        report.add(BenchReport.Entry(name: "\(name): server peak RSS", aim: "under 200 MB", met: peak < 200 << 20, bytes: peak))
        let serverErrors = failures.filter { ($0.key.hasPrefix("5") && $0.key != "503") || $0.key.hasPrefix("transport") }
        say(
            Format.row(
                "  aim: no crash, no hang, no 5xx but 503",
                alive && serverErrors.isEmpty ? "met" : "NOT met (server \(alive ? "running" : "gone"), \(serverErrors))"))
        report.add(BenchReport.Entry(name: "\(name): no crash, hang or 5xx but 503", met: alive && serverErrors.isEmpty, errors: serverErrors))
        let aim: Double = name == "sqlite" ? 15_000 : 5_000
        let lookups = rates[.lookup] ?? 0
        say(Format.row("  aim: lookups >= \(Int(aim))/s", lookups >= aim ? "met" : "not met (\(Format.count(lookups))/s)"))
    }

    /// What checking a Bearer token adds to a request: health with a token against health alone,
    /// at the median and in server CPU per request (aim: at most 0.1 ms).
    func tokenCheck(_ name: String, medians: [LoadOperation: Double], cpu: [LoadOperation: Double], _ report: inout BenchReport) {
        guard let plain = medians[.health], let checked = medians[.bearer] else { return }
        let added = checked - plain
        let addedCPU = cpu[.bearer].flatMap { bearer in cpu[.health].map { bearer - $0 } }
        let shown = addedCPU.map { String(format: ", server CPU %+.0f µs/request", $0 * 1e6) } ?? ""
        say(
            Format.row(
                "  token check: p50 with a token minus without",
                String(format: "%+.3f ms%@ (aim <= 0.1 ms: %@)", added * 1000, shown, added <= 0.000_1 ? "met" : "not met")))
        report.add(
            BenchReport.Entry(
                name: "\(name): token check added to a request", p50: added * 1000, peerP50: plain * 1000, aim: "at most 0.1 ms",
                met: added <= 0.000_1))
    }

    /// A table row and a report entry for one operation's figures.
    func row(
        _ key: String, _ label: String, _ result: LoadPhase.Figures, rate: Double, health: Double, cpu: Double?, _ report: inout BenchReport
    ) {
        let count = result.timings.samples.count
        let cpuPerOperation = cpu.map { count > 0 ? String(format: "%.0f µs", $0 / Double(count) * 1e6) : "-" } ?? "-"
        let errors = result.errors.isEmpty ? "0" : result.errors.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
        say(
            Self.columns(
                "  " + label,
                [
                    Format.count(rate), count > 0 ? Format.ms(result.timings.median) : "-",
                    count > 0 ? Format.ms(result.timings.percentile(99)) : "-",
                    errors, Format.ratio(rate / health), cpuPerOperation,
                ]))
        report.add(
            BenchReport.Entry(
                name: key, p50: count > 0 ? result.timings.median * 1000 : nil, p99: count > 0 ? result.timings.percentile(99) * 1000 : nil,
                ratio: rate / health, count: count, rate: rate, errors: result.errors))
    }

    static func columns(_ label: String, _ values: [String]) -> String {
        Format.row(label, "", width: 44) + values.map { String(repeating: " ", count: max(1, 11 - $0.count)) + $0 }.joined()
    }
}
