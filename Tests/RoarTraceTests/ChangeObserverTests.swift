import Foundation
import Testing

@testable import RoarTrace

/// `TraceObserver.fileWillChange` comes before a read file changes, so the
/// caller can hash what was actually read.
@Suite(.enabled(if: Tools.hasPython, Tools.noPython)) struct ChangeObserverTests {
    @Test func readThenRewriteInPlace() async throws {
        let scratch = try Scratch()
        try scratch.write("data.txt", "original\n")
        let recorder = Recorder()
        let report = try await tracePython(
            """
            data = open("data.txt").read()
            with open("data.txt", "w") as f:
                f.write(data.upper())
            """, in: scratch, recorder: recorder)
        #expect(report.exitStatus == .exited(0))
        let change = try #require(recorder.change(of: scratch("data.txt")))
        #expect(change.snapshot == "original\n")
        #expect(change.pid == report.rootPID)
        #expect(change.identity == report.file(scratch("data.txt"))?.identity)
        #expect(scratch.read("data.txt") == "ORIGINAL\n")
        let file = try #require(report.file(scratch("data.txt")))
        #expect(file.read && file.written && file.truncated && file.modifiedAfterRead)
        #expect(recorder.changes.filter { $0.path == scratch("data.txt") }.count == 1)
    }

    @Test func openReadWriteBeforeAnyRead() async throws {
        let scratch = try Scratch()
        try scratch.write("rw.txt", "abc\n")
        let recorder = Recorder()
        let report = try await tracePython(
            """
            with open("rw.txt", "r+") as f:
                data = f.read()
                f.seek(0)
                f.write(data.upper())
            """, in: scratch, recorder: recorder)
        let change = try #require(recorder.change(of: scratch("rw.txt")))
        #expect(change.snapshot == "abc\n")
        let file = try #require(report.file(scratch("rw.txt")))
        #expect(file.read && file.written && !file.truncated && file.identity != nil)
        #expect(scratch.read("rw.txt") == "ABC\n")
    }

    @Test func renameOntoAnInput() async throws {
        let scratch = try Scratch()
        try scratch.write("model.bin", "v1\n")
        let recorder = Recorder()
        _ = try await tracePython(
            """
            import os
            old = open("model.bin").read()
            with open("model.tmp", "w") as f:
                f.write("v2\\n")
            os.replace("model.tmp", "model.bin")
            """, in: scratch, recorder: recorder)
        let change = try #require(recorder.change(of: scratch("model.bin")))
        #expect(change.snapshot == "v1\n")
        #expect(scratch.read("model.bin") == "v2\n")
        #expect(recorder.change(of: scratch("model.tmp")) == nil)
    }

    @Test func unlinkAndTruncateOfInputs() async throws {
        let scratch = try Scratch()
        try scratch.write("gone.txt", "gone\n")
        try scratch.write("cut.txt", "cut me\n")
        let recorder = Recorder()
        let report = try await tracePython(
            """
            import os
            open("gone.txt").read()
            open("cut.txt").read()
            os.unlink("gone.txt")
            os.truncate("cut.txt", 3)
            """, in: scratch, recorder: recorder)
        #expect(recorder.change(of: scratch("gone.txt"))?.snapshot == "gone\n")
        #expect(recorder.change(of: scratch("cut.txt"))?.snapshot == "cut me\n")
        #expect(report.file(scratch("cut.txt"))?.truncated == true)
        #expect(report.file(scratch("gone.txt"))?.unlinked == true)
    }

    @Test func writeThroughAnotherNameOfTheSameInode() async throws {
        let scratch = try Scratch()
        try scratch.write("input.txt", "through a link\n")
        let recorder = Recorder()
        _ = try await trace(
            [Tools.shell, "-c", "cat input.txt > /dev/null; ln input.txt alias.txt; echo changed > alias.txt"],
            in: scratch.path, recorder: recorder)
        let change = try #require(recorder.change(of: scratch("input.txt")))
        #expect(change.snapshot == "through a link\n")
    }

    @Test func noCallbackForFilesNeverRead() async throws {
        let scratch = try Scratch()
        try scratch.write("out.txt", "old\n")
        let recorder = Recorder()
        let report = try await trace(
            [Tools.shell, "-c", "echo new > out.txt; echo more >> out.txt"], in: scratch.path, recorder: recorder)
        #expect(recorder.changes.filter { $0.path.hasPrefix(scratch.path) }.isEmpty)
        #expect(report.file(scratch("out.txt"))?.modifiedAfterRead == false)
    }
}
