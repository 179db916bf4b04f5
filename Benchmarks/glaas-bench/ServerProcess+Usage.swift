import Foundation

extension ServerProcess {
    /// What the kernel says the server process used so far: CPU seconds (user + system) and
    /// peak resident memory (VmHWM), from /proc; nil where /proc is not there.
    struct Usage {
        var cpuSeconds: Double
        var peakRSSBytes: Int
    }

    var usage: Usage? {
        let pid = process.processIdentifier
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return nil }
        // Fields after the command name start at field 3 (state); utime and stime are 14 and 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let peak =
            status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }?
            .split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
        return Usage(cpuSeconds: (user + system) / ticks, peakRSSBytes: peak * 1024)
    }
}
