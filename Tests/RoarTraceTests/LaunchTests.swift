import Foundation
import Glibc
import Testing

@testable import RoarTrace

/// Starting commands: preflight, errors before anything runs, and the
/// terminal's standard streams passing through.
@Suite struct LaunchTests {
    /// Preflight passes here, and what it vouches for holds: a traced command's execution
    /// and its writes are seen.
    @Test func preflightSucceedsHere() async throws {
        #expect(throws: Never.self) { try Tracer.preflight() }
        let scratch = try Scratch()
        let report = try await trace([Tools.shell, "-c", "echo traced > out.txt"], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(report.writes(under: scratch.path) == [scratch("out.txt")])
        #expect(report.process(report.rootPID)?.argv == [Tools.shell, "-c", "echo traced > out.txt"])
    }

    @Test func nonexistentCommandIsAClearError() async throws {
        let error = await #expect(throws: TraceError.self) {
            _ = try await Tracer.run(TraceRequest(["roar-no-such-command-\(getpid())"]))
        }
        #expect(error == .commandNotFound("roar-no-such-command-\(getpid())"))
        #expect(error?.description.contains("command not found") == true)
    }

    @Test func nonexistentPathAndNonExecutableFile() async throws {
        let scratch = try Scratch()
        try scratch.write("plain.txt", "not a program\n")
        await #expect(throws: TraceError.commandNotFound(scratch("missing"))) {
            _ = try await Tracer.run(TraceRequest([scratch("missing")]))
        }
        await #expect(throws: TraceError.notExecutable(scratch("plain.txt"))) {
            _ = try await Tracer.run(TraceRequest([scratch("plain.txt")]))
        }
        await #expect(throws: TraceError.emptyCommand) {
            _ = try await Tracer.run(TraceRequest([]))
        }
    }

    @Test func execFailureIsReportedNotAnEmptyReport() async throws {
        let scratch = try Scratch()
        try scratch.writeExecutable("garbage", "\u{7f}XYZ not a binary and no #! line\n")
        await #expect(throws: TraceError.launchFailed(stage: "execve", errno: ENOEXEC)) {
            _ = try await Tracer.run(TraceRequest([scratch("garbage")], newProcessGroup: true))
        }
    }

    @Test func missingWorkingDirectoryFailsBeforeTheCommandRuns() async throws {
        let scratch = try Scratch()
        let error = await #expect(throws: TraceError.self) {
            _ = try await Tracer.run(
                TraceRequest([Tools.shell, "-c", "touch \(scratch("ran"))"], workingDirectory: scratch("nowhere")))
        }
        guard case .launchFailed(_, let code) = error else {
            Issue.record("expected launchFailed, got \(String(describing: error))")
            return
        }
        #expect(code == ENOENT)
        #expect(!scratch.exists("ran"))
    }

    @Test func blockingRunAPI() throws {
        let report = try Tracer.run(TraceRequest(["/bin/true"], newProcessGroup: true))
        #expect(report.exitStatus == .exited(0))
        #expect(report.file("/bin/true")?.executed == true || report.file("/usr/bin/true")?.executed == true)
    }

    /// `roar-trace`, next to the test bundle, with stdin and stdout piped:
    /// the command reads and writes them directly.
    @Test func standardStreamsPassThrough() throws {
        let tool = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("roar-trace")
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("roar-trace")
        let candidates = [tool, executable].filter { FileManager.default.isExecutableFile(atPath: $0.path) }
        let roarTrace = try #require(candidates.first, "roar-trace is built next to the tests")
        let scratch = try Scratch()
        let process = Process()
        process.executableURL = roarTrace
        process.arguments = ["--out", scratch("report.json"), "cat"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let watchdog = Watchdog { process.isRunning ? process.processIdentifier : nil }
        defer { watchdog.cancel() }
        let payload = (0..<2000).map { "line \($0)\n" }.joined()
        input.fileHandleForWriting.write(Data(payload.utf8))
        try input.fileHandleForWriting.close()
        let echoed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: echoed, as: UTF8.self) == payload)
        #expect(process.terminationStatus == 0)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let report = try decoder.decode(TraceReport.self, from: Data(contentsOf: URL(fileURLWithPath: scratch("report.json"))))
        #expect(report.exitStatus == .exited(0))
        #expect(report.process(report.rootPID)?.argv == ["cat"])
    }

    @Test func exitStatusOfRoarTraceFollowsTheCommand() throws {
        let tool = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("roar-trace")
        try #require(FileManager.default.isExecutableFile(atPath: tool.path), "roar-trace is built next to the tests")
        let scratch = try Scratch()
        let process = Process()
        process.executableURL = tool
        process.arguments = ["--out", scratch("report.json"), Tools.shell, "-c", "exit 3"]
        try process.run()
        let watchdog = Watchdog { process.isRunning ? process.processIdentifier : nil }
        defer { watchdog.cancel() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
    }

    /// Under another tracer ptrace is denied: roar-trace, traced by us,
    /// must refuse before running its command.
    @Test func tracingUnavailableIsAClearErrorBeforeTheCommandRuns() async throws {
        let tool = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("roar-trace")
        try #require(FileManager.default.isExecutableFile(atPath: tool.path), "roar-trace is built next to the tests")
        let scratch = try Scratch()
        let preflight = try await trace(
            [Tools.shell, "-c", "\(tool.path) --preflight 2> preflight.err"], in: scratch.path)
        #expect(preflight.exitStatus == .exited(127))
        #expect(scratch.read("preflight.err")?.contains("cannot trace processes here") == true)
        let run = try await trace(
            [Tools.shell, "-c", "\(tool.path) --out inner.json \(Tools.shell) -c 'touch ran' 2> run.err"],
            in: scratch.path)
        #expect(run.exitStatus == .exited(127))
        #expect(scratch.read("run.err")?.contains("PTRACE_SEIZE") == true)
        #expect(!scratch.exists("ran"))
        #expect(!scratch.exists("inner.json"))
    }

    /// The tracer pins its own thread to one CPU (fewer cross-CPU wake-ups per stop); the
    /// command must still get every CPU roar was given, or a program sizing its thread pool by
    /// `sched_getaffinity` would run narrower traced than bare.
    @Test func theCommandKeepsEveryCPURoarMayUse() async throws {
        let scratch = try Scratch()
        let report = try await trace(
            [Tools.shell, "-c", "grep Cpus_allowed_list /proc/self/status > mask.txt"], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        let own = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list") }
        #expect(scratch.read("mask.txt")?.trimmingCharacters(in: .whitespacesAndNewlines) == own.map(String.init))
    }
}
