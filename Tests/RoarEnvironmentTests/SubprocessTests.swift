import Foundation
import Testing

@testable import RoarEnvironment

@Suite struct SubprocessTests {
    @Test func runsProgramFoundOnPath() throws {
        let result = try #require(Subprocess.run(["sh", "-c", "echo hello; exit 3"]))
        #expect(result.status == 3)
        #expect(result.stdout == "hello\n")
    }

    @Test func missingProgramIsNil() {
        #expect(Subprocess.locate("no-such-tool-roar-test") == nil)
        #expect(Subprocess.run(["no-such-tool-roar-test", "--version"]) == nil)
        #expect(Subprocess.run(["/nonexistent/bin/tool"]) == nil)
    }

    @Test func slowProgramTimesOut() {
        let started = Date()
        #expect(Subprocess.run(["sleep", "30"], timeout: 0.5) == nil)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func largeOutputDoesNotBlock() throws {
        let result = try #require(Subprocess.run(["sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' a"], timeout: 20))
        #expect(result.status == 0)
        #expect(result.stdout.utf8.count == 1_000_000)
    }
}
