import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// The `roar` executable end to end: its output, its exit codes, its errors.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(2)))
struct CommandLineTests {
    func shell(_ command: String, in directory: String) async throws {
        try await ChildProcess.checked(["/bin/sh", "-c", command], workingDirectory: directory)
    }

    @Test func initCreatesTheProjectAndIgnoresItInGit() async throws {
        let fixture = try ProjectFixture()
        try FileManager.default.removeItem(atPath: fixture.project.roarDirectory)
        try await shell("git init -q .", in: fixture.root)
        let result = try await RoarBinary.run(["init", "-y"], in: fixture.root)
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: fixture.project.storePath))
        #expect(FileManager.default.fileExists(atPath: fixture.project.configurationPath))
        #expect(fixture.read(".gitignore")?.contains(".roar/") == true)
        #expect(try await RoarBinary.run(["init", "-y"], in: fixture.root).stdout.contains("already initialized"))
    }

    @Test func runPassesOutputAndExitCodeThrough() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("in.txt", "hello\n")
        let result = try await RoarBinary.run(
            ["run", "sh", "-c", "cat in.txt; tr a-z A-Z < in.txt > out.txt; read line; echo \"got $line\" >&2; exit 4"],
            in: fixture.root, input: "typed\n")
        #expect(result.status == 4)
        #expect(result.stdout == "hello\n", "stdout belongs to the command alone")
        #expect(result.stderr.hasPrefix("got typed\n"))
        #expect(result.stderr.contains("out.txt"))
        let show = try await RoarBinary.run(["show", "out.txt", "--json"], in: fixture.root)
        #expect(show.status == 0)
        let json = try JSONParser.parse(show.stdout)
        #expect(json["digest"]?.stringValue == TestDigest.blake3("HELLO\n"))
        #expect(json["produced_by"]?["exit_code"]?.int64Value == 4)
    }

    @Test func hashPrintsLikeB3sum() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("a", "")
        try fixture.write("b", String(repeating: "x", count: 5000))
        let ours = try await RoarBinary.run(["hash", "a", "b"], in: fixture.root)
        #expect(ours.status == 0)
        #expect(ours.stdout == "\(TestDigest.blake3(""))  a\n\(TestDigest.blake3(String(repeating: "x", count: 5000)))  b\n")
        let missing = try await RoarBinary.run(["hash", "nope"], in: fixture.root)
        #expect(missing.status != 0)
        #expect(missing.stderr.split(separator: "\n").count == 1)
    }

    @Test func queriesAnswerInTextAndJSON() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("raw.csv", "1\n2\n")
        #expect(try await RoarBinary.run(["run", "sh", "-c", "sort -r raw.csv > sorted.csv"], in: fixture.root).status == 0)
        #expect(try await RoarBinary.run(["run", "sh", "-c", "wc -l < sorted.csv > count.txt"], in: fixture.root).status == 0)

        let show = try await RoarBinary.run(["show", "count.txt"], in: fixture.root)
        #expect(show.stdout.contains("wc -l < sorted.csv > count.txt"))
        #expect(show.stdout.contains("sorted.csv"))
        let lineage = try await RoarBinary.run(["lineage", "count.txt"], in: fixture.root)
        #expect(lineage.stdout.contains("raw.csv"), "the lineage reaches the source: \(lineage.stdout)")
        let log = try JSONParser.parse(try await RoarBinary.run(["log", "--json"], in: fixture.root).stdout)
        #expect(log.arrayValue?.count == 2)
        let dot = try await RoarBinary.run(["dag", "--dot"], in: fixture.root)
        #expect(dot.stdout.hasPrefix("digraph"))
        #expect(try await RoarBinary.run(["dag", "--json"], in: fixture.root).status == 0)
        #expect(try await RoarBinary.run(["status", "--json"], in: fixture.root).status == 0)
        #expect(try await RoarBinary.run(["show", "@2", "--json"], in: fixture.root).status == 0)
    }

    /// Ctrl-C reaches the whole foreground process group, roar included: the command dies of it,
    /// roar survives it, records the job with how it ended, and exits as the command did.
    @Test func interruptIsRecordedAndPassedOn() async throws {
        let fixture = try ProjectFixture()
        // The sleeper says it is ready itself, so that the signal cannot fall between a fork and an exec.
        // A child process leads a process group of its own with SIGINT at its default, as a
        // terminal's foreground job.
        let roar = try ChildProcess(
            [RoarBinary.path, "run", "python3", "-c", "import os, time; open('started.txt', 'w').write(str(os.getpgrp()) + '\\n'); time.sleep(30)"],
            workingDirectory: fixture.root)
        let deadline = ContinuousClock.now + .seconds(30)
        func group() -> Int32? { fixture.read("started.txt").flatMap { $0.hasSuffix("\n") ? Int32($0.dropLast()) : nil } }
        while group() == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(group() == roar.pid, "the command runs in roar's process group")
        try await Task.sleep(for: .milliseconds(100))
        roar.signal(SIGINT)
        #expect(try await roar.wait(timeout: .seconds(30)) == 130)
        let job = try #require(try fixture.store.job(step: 1))
        #expect(job.signal == Int(SIGINT) || job.exitCode == 130)
        #expect(job.output(fixture.path("started.txt")) != nil)
    }

    @Test func badInputIsOneLineAndANonZeroExit() async throws {
        let fixture = try ProjectFixture()
        for arguments in [["show", "missing.txt"], ["show", "@99"], ["show", "zz"], ["lineage", "@1"], ["run", "roar-no-such-program"], ["run"]] {
            let result = try await RoarBinary.run(arguments, in: fixture.root)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        let outside = try await RoarBinary.run(["log"], in: "/")
        #expect(outside.status != 0)
        #expect(outside.stderr.contains("roar init"))
    }
}

/// `roar --version` names the release, the one every job's metadata records.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(1)))
struct RoarVersionTests {
    @Test func versionIsTheRelease() async throws {
        let fixture = try ProjectFixture()
        let result = try await RoarBinary.run(["--version"], in: fixture.root)
        #expect(result.status == 0)
        #expect(result.stdout == ReleaseVersion.current + "\n")
    }
}
