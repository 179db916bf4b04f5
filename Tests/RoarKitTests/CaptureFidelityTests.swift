import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// What `roar run` records for small programs whose reads and writes are known: the job's
/// inputs and outputs with the digests of the content read and written.
@Suite(.timeLimit(.minutes(2)))
struct CaptureFidelityTests {
    static var hasPython: Bool { ChildProcess.locate("python3", path: ProcessInfo.processInfo.environment["PATH"]) != nil }

    @Test(.enabled(if: CaptureFidelityTests.hasPython, "python3 is not installed")) func pythonReadsAndWritesInAProjectUnderTmp() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("data.csv", "a,b\n1,2\n")
        let outcome = try await fixture.run(["python3", "-c", "open('out.txt','w').write(open('data.csv').read().upper())"])
        let job = outcome.job
        #expect(job.exitCode == 0)
        #expect(job.input(fixture.path("data.csv"))?.digest == TestDigest.blake3("a,b\n1,2\n"))
        #expect(job.output(fixture.path("out.txt"))?.digest == TestDigest.blake3("A,B\n1,2\n"))
        #expect(job.inputs.count == 1, "only the data file is an input: \(job.inputs.map(\.path))")
        #expect(job.outputs.count == 1, "only out.txt is an output: \(job.outputs.map(\.path))")
        #expect(job.executables.contains { $0.path.hasSuffix("python3") || $0.path.contains("/python3.") })
    }

    @Test func shellRedirectionsAreSeen() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("a", "alpha\n")
        let job = try await fixture.run(["sh", "-c", "cat a > b; cat a a >> c; tr a-z A-Z < a | cat > d"]).job
        #expect(job.input(fixture.path("a"))?.digest == TestDigest.blake3("alpha\n"))
        #expect(job.output(fixture.path("b"))?.digest == TestDigest.blake3("alpha\n"))
        #expect(job.output(fixture.path("c"))?.digest == TestDigest.blake3("alpha\nalpha\n"))
        #expect(job.output(fixture.path("d"))?.digest == TestDigest.blake3("ALPHA\n"))
        #expect(Set(job.outputs.map(\.path)) == Set(["b", "c", "d"].map(fixture.path)))
    }

    @Test(.enabled(if: CaptureFidelityTests.hasPython, "python3 is not installed")) func aFileReadThenModifiedInPlaceKeepsTheDigestOfWhatWasRead()
        async throws
    {
        let fixture = try ProjectFixture()
        try fixture.write("counter.txt", "1\n")
        let job = try await fixture.run([
            "python3", "-c",
            """
            n = int(open('counter.txt').read())
            with open('counter.txt', 'r+') as f: f.write(str(n + 1) + '\\n')
            """,
        ]).job
        #expect(fixture.read("counter.txt") == "2\n")
        let input = try #require(job.input(fixture.path("counter.txt")))
        #expect(input.digest == TestDigest.blake3("1\n"))
        #expect(input.note != nil)
        #expect(job.output(fixture.path("counter.txt"))?.digest == TestDigest.blake3("2\n"))
    }

    @Test func aFileRenamedOverAfterBeingReadKeepsTheDigestOfWhatWasRead() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("config.yaml", "lr: 0.1\n")
        let job = try await fixture.run([
            "python3", "-c",
            """
            import os
            text = open('config.yaml').read()
            open('config.yaml.new', 'w').write(text.replace('0.1', '0.2'))
            os.replace('config.yaml.new', 'config.yaml')
            """,
        ]).job
        #expect(job.input(fixture.path("config.yaml"))?.digest == TestDigest.blake3("lr: 0.1\n"))
        #expect(job.output(fixture.path("config.yaml"))?.digest == TestDigest.blake3("lr: 0.2\n"))
        #expect(job.output(fixture.path("config.yaml.new")) == nil, "the temporary name no longer exists")
    }

    @Test func truncatingRewriteIsAnOutputNotAnInput() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("log.txt", "old\n")
        let job = try await fixture.run(["sh", "-c", "echo new > log.txt"]).job
        #expect(job.input(fixture.path("log.txt")) == nil)
        #expect(job.output(fixture.path("log.txt"))?.digest == TestDigest.blake3("new\n"))
    }

    @Test func aFileCreatedAndDeletedInsideTheRunIsNeitherInputNorOutput() async throws {
        let fixture = try ProjectFixture()
        let outcome = try await fixture.run(["sh", "-c", "echo tmp > scratch.txt; cat scratch.txt > kept.txt; rm scratch.txt"])
        #expect(outcome.job.input(fixture.path("scratch.txt")) == nil)
        #expect(outcome.job.output(fixture.path("scratch.txt")) == nil)
        #expect(outcome.job.output(fixture.path("kept.txt"))?.digest == TestDigest.blake3("tmp\n"))
        #expect(outcome.temporaries >= 1)
    }

    @Test func relativePathsAfterChdirAreRecordedAbsolute() async throws {
        let fixture = try ProjectFixture()
        try FileManager.default.createDirectory(atPath: fixture.path("sub"), withIntermediateDirectories: true)
        try fixture.write("sub/in.txt", "x\n")
        let job = try await fixture.run(["sh", "-c", "cd sub && cp in.txt ../out.txt"]).job
        #expect(job.input(fixture.path("sub/in.txt"))?.digest == TestDigest.blake3("x\n"))
        #expect(job.output(fixture.path("out.txt"))?.digest == TestDigest.blake3("x\n"))
    }

    @Test func hardlinksAndSymlinksToInputsAreRecorded() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("data.txt", "d\n")
        let job = try await fixture.run(["sh", "-c", "ln -s data.txt alias.txt && cat alias.txt > copy.txt && ln copy.txt hard.txt"]).job
        #expect(job.inputs.contains { $0.digest == TestDigest.blake3("d\n") })
        #expect(job.output(fixture.path("copy.txt"))?.digest == TestDigest.blake3("d\n"))
    }

    @Test func scratchWritesOutsideTheProjectAreLeftOut() async throws {
        let fixture = try ProjectFixture()
        let scratch = "/tmp/roar-kit-scratch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outcome = try await fixture.run(["sh", "-c", "echo s > \(scratch); echo o > out.txt"])
        #expect(outcome.job.output(scratch) == nil)
        #expect(outcome.leftOut["scratch"] == 1)
        #expect(outcome.job.output(fixture.path("out.txt")) != nil)
    }

    @Test(.enabled(if: CaptureFidelityTests.hasPython, "python3 is not installed")) func aSubprocessTreeIsFollowed() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("seed.txt", "s\n")
        let job = try await fixture.run([
            "python3", "-c",
            """
            import subprocess
            subprocess.run(['sh', '-c', 'cat seed.txt > one.txt'], check=True)
            subprocess.run(['python3', '-c', "open('two.txt','w').write(open('one.txt').read() * 2)"], check=True)
            """,
        ]).job
        #expect(job.input(fixture.path("seed.txt")) != nil)
        #expect(job.input(fixture.path("one.txt")) == nil, "one.txt was made by the job itself")
        #expect(job.output(fixture.path("two.txt"))?.digest == TestDigest.blake3("s\ns\n"))
        #expect(job.processes.count >= 4)
    }
}
