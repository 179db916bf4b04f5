import Foundation

/// Command-line options of roar-bench.
struct Options: Sendable {
    /// Our `roar` binary.
    var roar: String
    /// roar-cli's `roar` entry point (in its venv), or nil to skip the roar-cli columns.
    var roarCLI: String?
    /// Runs per measurement; the median is reported.
    var repetitions: Int
    /// Smaller sizes for smoke testing.
    var quick: Bool
    /// Sections to run: a, b, c, fixed, blake3.
    var only: Set<String>
    /// Print JSON on standard output instead of the tables.
    var json: Bool
    /// Time limit in seconds for one measured command.
    var timeout: Double
    /// Python interpreter used by every workload and variant.
    var python: String = "/usr/bin/python3"

    static let sections = ["a", "b", "c", "fixed", "blake3"]

    static let usage = """
        usage: roar-bench [--roar PATH] [--roar-cli PATH] [--repeat N] [--quick]
                          [--only a,b,c,fixed,blake3] [--timeout SECONDS] [--json]

        Measures `roar run` against the bare command, strace and roar-cli 0.4.7 (ptrace and
        preload tracers), plus the fixed cost per job and BLAKE3 throughput of `roar hash`.
          --roar PATH       our roar binary (default: roar next to this executable)
          --roar-cli PATH   roar-cli's roar entry point in its venv (columns skipped without it)
          --repeat N        runs per measurement, median reported (default 3; 1 with --quick)
          --quick           small sizes, for smoke testing
          --only LIST       comma-separated sections: a, b, c, fixed, blake3 (default all)
          --timeout S       time limit per measured command in seconds (default 600)
          --json            print results as JSON on standard output
        """

    /// Parses `arguments` (without the program name); prints usage and exits on errors.
    static func parse(_ arguments: [String]) -> Options {
        var roar: String?
        var roarCLI: String?
        var repeatCount: Int?
        var quick = false
        var only = Set(sections)
        var json = false
        var timeout = 600.0
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let next = rest.popFirst() else { fail("\(flag) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--roar": roar = value(argument)
            case "--roar-cli": roarCLI = value(argument)
            case "--repeat":
                guard let count = Int(value(argument)), count > 0 else { fail("--repeat needs a positive number") }
                repeatCount = count
            case "--quick": quick = true
            case "--only":
                let list = value(argument).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                for item in list where !sections.contains(item) { fail("unknown section \(item) in --only") }
                only = Set(list)
            case "--timeout":
                guard let seconds = Double(value(argument)), seconds > 0 else { fail("--timeout needs a positive number") }
                timeout = seconds
            case "--json": json = true
            case "-h", "--help":
                print(usage)
                exit(0)
            default: fail("unknown argument \(argument)")
            }
        }
        let resolvedRoar = roar ?? (executableDirectory() + "/roar")
        guard FileManager.default.isExecutableFile(atPath: resolvedRoar) else { fail("roar not found at \(resolvedRoar); use --roar PATH") }
        if let roarCLI, !FileManager.default.isExecutableFile(atPath: roarCLI) { fail("roar-cli not found at \(roarCLI)") }
        return Options(
            roar: absolute(resolvedRoar), roarCLI: roarCLI.map(absolute), repetitions: repeatCount ?? (quick ? 1 : 3),
            quick: quick, only: only, json: json, timeout: timeout)
    }

    /// The directory holding this executable.
    static func executableDirectory() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (path as NSString).deletingLastPathComponent
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("roar-bench: \(message)\n\n\(usage)\n".utf8))
        exit(2)
    }
}
