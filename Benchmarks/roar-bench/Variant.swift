import Foundation

/// The programs a benchmark run uses, and the environment every command gets.
struct Tools: Sendable {
    var roar: String
    var roarCLI: String?
    var python: String
    var strace = "/usr/bin/strace"
    /// Inherited environment plus DO_NOT_TRACK=1 (roar-cli's telemetry and version check off).
    var environment: [String: String]

    init(options: Options) {
        roar = options.roar
        roarCLI = options.roarCLI
        python = options.python
        var environment = ProcessInfo.processInfo.environment
        environment["DO_NOT_TRACK"] = "1"
        environment["ROAR_NO_TELEMETRY"] = "1"
        environment.removeValue(forKey: "ROAR_TIMING")
        self.environment = environment
    }
}

/// One way of running a workload command: bare, under strace, under our roar, under roar-cli.
enum Variant: String, CaseIterable, Codable, Sendable {
    case bare
    case strace
    case roar
    case roarCLIPtrace = "roar-cli-ptrace"
    case roarCLIPreload = "roar-cli-preload"

    /// Column title.
    var title: String {
        switch self {
        case .bare: "bare"
        case .strace: "strace -f"
        case .roar: "roar (ours)"
        case .roarCLIPtrace: "roar-cli ptrace"
        case .roarCLIPreload: "roar-cli preload"
        }
    }

    /// roar-cli's tracer backend name for `--tracer`, for the roar-cli variants.
    var roarCLITracer: String? {
        switch self {
        case .roarCLIPtrace: "ptrace"
        case .roarCLIPreload: "preload"
        default: nil
        }
    }

    /// True for the variants that record a job in the project's .roar/ store.
    var records: Bool { self == .roar || roarCLITracer != nil }

    /// The variants that can run with the given tools.
    static func available(_ tools: Tools) -> [Variant] {
        allCases.filter { $0.roarCLITracer == nil || tools.roarCLI != nil }
    }

    /// The unmeasured command making a project ready for this variant, if any.
    func initCommand(tools: Tools) -> [String]? {
        switch self {
        case .bare, .strace: nil
        case .roar: [tools.roar, "init", "-y"]
        case .roarCLIPtrace, .roarCLIPreload: tools.roarCLI.map { [$0, "init"] }
        }
    }

    /// `command` wrapped for this variant.
    func wrap(_ command: [String], tools: Tools) -> [String] {
        switch self {
        case .bare:
            return command
        case .strace:
            return [tools.strace, "-f", "--seccomp-bpf", "-e", "trace=%file,%process", "-o", "/dev/null"] + command
        case .roar:
            return [tools.roar, "run"] + command
        case .roarCLIPtrace, .roarCLIPreload:
            // No fallback: a tracer that cannot run makes the run fail instead of silently
            // switching backends; the run report file names the backend that actually traced.
            return [tools.roarCLI ?? "roar", "run", "--tracer", roarCLITracer ?? "auto", "--no-tracer-fallback"] + command
        }
    }

    /// Extra environment for one measured run; `reportPath` receives roar-cli's run report.
    func environment(tools: Tools, reportPath: String) -> [String: String] {
        var environment = tools.environment
        if roarCLITracer != nil { environment["ROAR_RUN_REPORT_FILE"] = reportPath }
        return environment
    }
}
