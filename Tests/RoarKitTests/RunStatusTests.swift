import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// A run that fails or is interrupted is recorded with how it ended, not lost.
@Suite(.timeLimit(.minutes(2)))
struct RunStatusTests {
    @Test func aFailingCommandIsRecordedWithItsExitCode() async throws {
        let fixture = try ProjectFixture()
        try fixture.write("in.txt", "i\n")
        let job = try await fixture.run(["sh", "-c", "cat in.txt > part.txt; exit 3"]).job
        #expect(job.exitCode == 3)
        #expect(job.shellStatus == 3)
        #expect(!job.succeeded)
        #expect(job.output(fixture.path("part.txt")) != nil)
        #expect(try fixture.store.job(step: job.stepNumber)?.exitCode == 3)
    }

    @Test func aKilledCommandIsRecordedWithItsSignal() async throws {
        let fixture = try ProjectFixture()
        let job = try await fixture.run(["sh", "-c", "kill -TERM $$"]).job
        #expect(job.signal == Int(SIGTERM))
        #expect(job.exitCode == nil)
        #expect(job.shellStatus == 128 + Int(SIGTERM))
    }

    @Test func aCommandThatCannotBeFoundFailsBeforeRecordingAnything() async throws {
        let fixture = try ProjectFixture()
        await expectRoarError(
            .failed, containing: "cannot trace the command, so it was not run: roar-trace: command not found: roar-no-such-program-\(getpid())"
        ) {
            try await fixture.run(["roar-no-such-program-\(getpid())"])
        }
        #expect(try fixture.store.allJobs().isEmpty)
    }

    @Test func stepsAreNumberedInTheSession() async throws {
        let fixture = try ProjectFixture()
        let first = try await fixture.run(["true"]).job
        let second = try await fixture.run(["true"], jobType: "build").job
        #expect(second.stepNumber == first.stepNumber + 1)
        #expect(second.sessionID == first.sessionID)
        #expect(try fixture.store.job(step: second.stepNumber)?.jobType == "build")
        #expect(try fixture.store.job(uid: first.uid)?.id == first.id)
    }
}
