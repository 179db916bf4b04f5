import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

@testable import RoarTrace

/// Programs the tests run.
enum Tools {
    static let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
    static let gcc = "/usr/bin/gcc"
    static let shell = "/bin/sh"

    static var hasPython: Bool { ChildProcess.locate("python3", path: ProcessInfo.processInfo.environment["PATH"]) != nil }
    static var hasGCC: Bool { FileManager.default.isExecutableFile(atPath: gcc) }
    static let noPython: Comment = "python3 is not installed"
    static let noGCC: Comment = "gcc is not installed (scripts/test.sh installs it)"
}

/// How long a traced command may run before the watchdog kills its process group.
let watchdogSeconds = 30

/// Runs `argv` under the tracer in its own process group, bounded by the watchdog.
func trace(
    _ argv: [String], in directory: String? = nil, environment: [String: String]? = nil,
    recorder: Recorder = Recorder()
) async throws -> TraceReport {
    let watchdog = Watchdog { recorder.rootPID }
    defer { watchdog.cancel() }
    let request = TraceRequest(argv, workingDirectory: directory, environment: environment, newProcessGroup: true)
    let report = try await Tracer.run(request, observer: recorder)
    #expect(!watchdog.fired, "the watchdog killed the traced command after \(watchdogSeconds) s")
    return report
}

/// Runs a Python script (written to the scratch directory) under the tracer.
func tracePython(_ script: String, in scratch: Scratch, arguments: [String] = [], recorder: Recorder = Recorder())
    async throws -> TraceReport
{
    try scratch.write("script.py", script)
    return try await trace([Tools.python, "script.py"] + arguments, in: scratch.path, recorder: recorder)
}

extension TraceReport {
    /// Paths read, under `directory`.
    func reads(under directory: String) -> Set<String> {
        Set(files.filter { $0.read && $0.path.hasPrefix(directory + "/") }.map(\.path))
    }

    /// Paths written, under `directory`.
    func writes(under directory: String) -> Set<String> {
        Set(files.filter { $0.written && $0.path.hasPrefix(directory + "/") }.map(\.path))
    }

    /// Processes whose argv is exactly `argv`.
    func processes(running argv: [String]) -> [TracedProcess] {
        processes.filter { $0.argv == argv }
    }
}
