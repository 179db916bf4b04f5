import Foundation
import Testing

@testable import RoarTrace

/// Shell constructs: redirections, pipes, cd, exit codes.
@Suite struct ShellCaptureTests {
    @Test func redirectionTargetIsAnOutput() async throws {
        let scratch = try Scratch()
        try scratch.write("a", "alpha\n")
        let report = try await trace([Tools.shell, "-c", "cat a > b"], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(report.reads(under: scratch.path) == [scratch("a")])
        #expect(report.writes(under: scratch.path) == [scratch("b")])
        let output = try #require(report.file(scratch("b")))
        #expect(output.created)
        #expect(output.writers == [report.rootPID])
        #expect(scratch.read("b") == "alpha\n")
    }

    @Test func pipeline() async throws {
        let scratch = try Scratch()
        try scratch.write("a", "3\n1\n2\n")
        let report = try await trace([Tools.shell, "-c", "cat a | sort > b"], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(report.reads(under: scratch.path) == [scratch("a")])
        #expect(report.writes(under: scratch.path) == [scratch("b")])
        #expect(scratch.read("b") == "1\n2\n3\n")
        #expect(!report.processes(running: ["cat", "a"]).isEmpty)
        #expect(!report.processes(running: ["sort"]).isEmpty)
    }

    @Test func relativePathsAfterCdInAChild() async throws {
        let scratch = try Scratch()
        try scratch.write("data/in.txt", "x\n")
        let report = try await trace(
            [Tools.shell, "-c", "(cd data && cat in.txt > out.txt && cat ./../data/in.txt > ../top.txt)"],
            in: scratch.path)
        #expect(report.reads(under: scratch.path) == [scratch("data/in.txt")])
        #expect(report.writes(under: scratch.path) == [scratch("data/out.txt"), scratch("top.txt")])
    }

    @Test func failingCommandReportsItsExitCode() async throws {
        let scratch = try Scratch()
        let report = try await trace([Tools.shell, "-c", "echo partial > part.txt; exit 3"], in: scratch.path)
        #expect(report.exitStatus == .exited(3))
        #expect(report.exitStatus.shellStatus == 3)
        #expect(report.writes(under: scratch.path) == [scratch("part.txt")])
    }

    @Test func missingInputIsNotARead() async throws {
        let scratch = try Scratch()
        let report = try await trace([Tools.shell, "-c", "cat missing.txt; true"], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(report.file(scratch("missing.txt")) == nil)
    }

    @Test func workingDirectoryAndEnvironment() async throws {
        let scratch = try Scratch()
        let report = try await trace(
            [Tools.shell, "-c", "echo \"$ROAR_TEST\" > env.txt"], in: scratch.path,
            environment: ["ROAR_TEST": "value", "PATH": "/usr/bin:/bin"])
        #expect(report.exitStatus == .exited(0))
        #expect(scratch.read("env.txt") == "value\n")
        #expect(report.process(report.rootPID)?.cwd == scratch.path)
    }

    @Test func backgroundChildOutlivingTheCommandIsFollowed() async throws {
        let scratch = try Scratch()
        let report = try await trace(
            [Tools.shell, "-c", "(sleep 0.2; echo late > late.txt) & echo early > early.txt"], in: scratch.path)
        #expect(report.exitStatus == .exited(0))
        #expect(report.writes(under: scratch.path) == [scratch("early.txt"), scratch("late.txt")])
        #expect(scratch.read("late.txt") == "late\n")
        let root = try #require(report.process(report.rootPID))
        let latest = report.processes.compactMap(\.endTime).max()
        #expect(latest.map { $0 >= root.endTime! } == true)
    }
}
