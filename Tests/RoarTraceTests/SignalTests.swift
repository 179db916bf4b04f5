import Foundation
import Glibc
import Testing

@testable import RoarTrace

/// Ctrl-C and job-control stops reach the traced tree; the tracer survives
/// them and still reports.
@Suite struct SignalTests {
    /// Waits (bounded by the watchdog's time) until `path` exists.
    static func waitForFile(_ path: String) -> Bool {
        for _ in 0..<(watchdogSeconds * 100) {
            if FileManager.default.fileExists(atPath: path) { return true }
            usleep(10_000)
        }
        return false
    }

    @Test(.enabled(if: Tools.hasPython, Tools.noPython)) func interruptKillsTheTreeButNotTheTracer() async throws {
        let scratch = try Scratch()
        let ready = scratch("ready")
        try scratch.write(
            "sleeper.py",
            """
            import pathlib, time
            pathlib.Path("ready").write_text("x")
            time.sleep(\(watchdogSeconds * 2))
            """)
        // Like a terminal's Ctrl-C: SIGINT to the command's whole process
        // group, and to the tracer's process (this test process) as well.
        let recorder = Recorder { pid in
            Thread.detachNewThread {
                guard SignalTests.waitForFile(ready) else { return }
                kill(getpid(), SIGINT)
                kill(-pid, SIGINT)
            }
        }
        let report = try await trace(
            [Tools.shell, "-c", "\(Tools.python) sleeper.py; echo after > after.txt"], in: scratch.path,
            recorder: recorder)
        #expect(report.exitStatus == .signaled(SIGINT))
        #expect(report.exitStatus.shellStatus == 130)
        let python = try #require(report.processes(running: [Tools.python, "sleeper.py"]).first)
        #expect(python.exitStatus == .signaled(SIGINT))
        #expect(!scratch.exists("after.txt"))
        #expect(report.writes(under: scratch.path) == [ready])
    }

    /// Process states of the members of process group `group` (`t`/`T`: stopped).
    static func states(ofGroup group: Int32, only pid: Int32? = nil) -> [Character] {
        let entries = pid.map { ["\($0)"] } ?? (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Character? in
            guard Int32(entry) != nil,
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 3,
                Int32(fields[2]) == group
            else { return nil }
            return fields[0].first
        }
    }

    /// Waits (bounded) until a member of the group is stopped.
    static func waitForStop(ofGroup group: Int32) {
        for _ in 0..<(watchdogSeconds * 100) {
            if states(ofGroup: group).contains(where: { $0 == "t" || $0 == "T" }) { return }
            usleep(10_000)
        }
    }

    /// SIGSTOP from outside, then SIGCONT: the tree resumes and finishes.
    @Test func stopAndContinueDoNotHangTheTracer() async throws {
        let scratch = try Scratch()
        let recorder = Recorder { pid in
            Thread.detachNewThread {
                guard SignalTests.waitForFile(scratch("ready")) else { return }
                kill(-pid, SIGSTOP)
                SignalTests.waitForStop(ofGroup: pid)
                _ = FileManager.default.createFile(atPath: scratch("stopped"), contents: nil)
                kill(-pid, SIGCONT)
            }
        }
        let report = try await trace(
            [Tools.shell, "-c", "touch ready; while [ ! -e stopped ]; do sleep 0.01; done; echo done > out.txt"],
            in: scratch.path, recorder: recorder)
        #expect(report.exitStatus == .exited(0))
        #expect(scratch.read("out.txt") == "done\n")
    }

    /// The command stops itself with SIGSTOP (a group stop the tracer keeps
    /// with PTRACE_LISTEN) and goes on once continued.
    @Test func selfStopEndsWithContinue() async throws {
        let scratch = try Scratch()
        let recorder = Recorder { pid in
            Thread.detachNewThread {
                guard SignalTests.waitForFile(scratch("stopping")) else { return }
                // Whether a stopped state is already the shell's own SIGSTOP
                // cannot be told from outside (a SIGCHLD delivery also stops
                // it briefly), so SIGCONT is repeated until it has resumed.
                for _ in 0..<(watchdogSeconds * 100) {
                    if FileManager.default.fileExists(atPath: scratch("resumed")) { return }
                    let state = SignalTests.states(ofGroup: pid, only: pid).first
                    if state == "t" || state == "T" { kill(-pid, SIGCONT) }
                    usleep(10_000)
                }
            }
        }
        let report = try await trace(
            [Tools.shell, "-c", "touch stopping; kill -STOP $$; touch resumed"], in: scratch.path, recorder: recorder)
        #expect(report.exitStatus == .exited(0))
        #expect(scratch.exists("resumed"))
        #expect(report.statistics.signalStops > 0)
    }

    @Test func killedCommandReportsTheSignal() async throws {
        let scratch = try Scratch()
        let report = try await trace([Tools.shell, "-c", "kill -TERM $$"], in: scratch.path)
        #expect(report.exitStatus == .signaled(SIGTERM))
    }
}
