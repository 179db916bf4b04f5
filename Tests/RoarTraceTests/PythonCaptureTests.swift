import Foundation
import Testing

@testable import RoarTrace

/// Python programs: what they read, write, rename, link and delete.
@Suite(.enabled(if: Tools.hasPython, Tools.noPython)) struct PythonCaptureTests {
    @Test func readsAndWrites() async throws {
        let scratch = try Scratch()
        try scratch.write("in.txt", "input\n")
        let report = try await tracePython(
            """
            data = open("in.txt").read()
            with open("out.txt", "w") as f:
                f.write(data * 2)
            """, in: scratch)
        #expect(report.exitStatus == .exited(0))
        #expect(report.reads(under: scratch.path) == [scratch("in.txt"), scratch("script.py")])
        #expect(report.writes(under: scratch.path) == [scratch("out.txt")])
        let output = try #require(report.file(scratch("out.txt")))
        #expect(output.created && output.truncated == false && !output.read)
        let input = try #require(report.file(scratch("in.txt")))
        let identity = try #require(input.identity)
        let now = try #require(FileStat.of(scratch("in.txt")))
        #expect(identity == now.identity)
        #expect(identity.size == 6)
        #expect(!input.modifiedAfterRead)
        #expect(report.warnings.isEmpty)
    }

    @Test func renameOverFinalName() async throws {
        let scratch = try Scratch()
        try scratch.write("final.txt", "old\n")
        let report = try await tracePython(
            """
            import os
            with open("final.tmp", "w") as f:
                f.write("new\\n")
            os.replace("final.tmp", "final.txt")
            """, in: scratch)
        #expect(report.renames.map { [$0.from, $0.to] } == [[scratch("final.tmp"), scratch("final.txt")]])
        let final = try #require(report.file(scratch("final.txt")))
        #expect(final.written && !final.created)
        let temporary = try #require(report.file(scratch("final.tmp")))
        #expect(temporary.created && temporary.written && temporary.renamedAway)
        #expect(scratch.read("final.txt") == "new\n")
    }

    @Test func hardLinkAndSymlink() async throws {
        let scratch = try Scratch()
        try scratch.write("data.txt", "data\n")
        let report = try await tracePython(
            """
            import os
            os.link("data.txt", "hard.txt")
            os.symlink("data.txt", "soft.txt")
            os.symlink("/etc/hostname", os.path.join(os.getcwd(), "abs-soft"))
            """, in: scratch)
        #expect(report.links.map { [$0.from, $0.to] } == [[scratch("data.txt"), scratch("hard.txt")]])
        #expect(
            report.symlinks.map { [$0.target, $0.path] } == [
                ["data.txt", scratch("soft.txt")], ["/etc/hostname", scratch("abs-soft")],
            ])
        #expect(report.file(scratch("hard.txt"))?.created == true)
        #expect(report.file(scratch("soft.txt"))?.created == true)
        let orders = report.links.map(\.order) + report.symlinks.map(\.order)
        #expect(orders == orders.sorted())
    }

    @Test func truncatingRewriteOfExistingFile() async throws {
        let scratch = try Scratch()
        try scratch.write("report.txt", "a long old content\n")
        let report = try await tracePython(
            """
            with open("report.txt", "w") as f:
                f.write("short\\n")
            """, in: scratch)
        let file = try #require(report.file(scratch("report.txt")))
        #expect(file.written && file.truncated && !file.created && !file.read)
    }

    @Test func appendIsAWriteNotARead() async throws {
        let scratch = try Scratch()
        try scratch.write("log.txt", "one\n")
        let report = try await tracePython(
            """
            with open("log.txt", "a") as f:
                f.write("two\\n")
            """, in: scratch)
        let file = try #require(report.file(scratch("log.txt")))
        #expect(file.written && file.appended && !file.truncated && !file.created && !file.read)
    }

    @Test func fileCreatedAndDeletedInsideTheRun() async throws {
        let scratch = try Scratch()
        let report = try await tracePython(
            """
            import os
            with open("scratch.bin", "wb") as f:
                f.write(b"x" * 100)
            os.unlink("scratch.bin")
            """, in: scratch)
        let file = try #require(report.file(scratch("scratch.bin")))
        #expect(file.created && file.written && file.unlinked)
        #expect(report.unlinks.map(\.path) == [scratch("scratch.bin")])
        #expect(!scratch.exists("scratch.bin"))
    }

    @Test func relativePathsAfterChdir() async throws {
        let scratch = try Scratch()
        try scratch.write("sub/deeper/in.txt", "x\n")
        let report = try await tracePython(
            """
            import os
            os.chdir("sub")
            os.chdir("deeper")
            open("in.txt").read()
            open("../out.txt", "w").write("y")
            open("./../../top.txt", "w").write("z")
            """, in: scratch)
        #expect(report.reads(under: scratch.path).contains(scratch("sub/deeper/in.txt")))
        #expect(report.writes(under: scratch.path) == [scratch("sub/out.txt"), scratch("top.txt")])
    }

    @Test func subprocessTreeWithArgv() async throws {
        let scratch = try Scratch()
        try scratch.write("in.txt", "tree\n")
        try scratch.write("child.py", "import sys\nopen(sys.argv[1]).read()\nopen('child-out.txt', 'w').write('c')\n")
        let report = try await tracePython(
            """
            import subprocess, sys
            subprocess.run([sys.executable, "child.py", "in.txt"], check=True)
            subprocess.run(["sh", "-c", "cat in.txt > shell-out.txt"], check=True)
            """, in: scratch)
        #expect(report.exitStatus == .exited(0))
        let root = try #require(report.process(report.rootPID))
        #expect(root.argv == [Tools.python, "script.py"])
        #expect(root.parentPID == nil)
        let child = try #require(report.processes(running: [Tools.python, "child.py", "in.txt"]).first)
        #expect(child.parentPID == report.rootPID)
        #expect(child.executable == Tools.python)
        #expect(child.exitStatus == .exited(0))
        let shell = try #require(report.processes(running: ["sh", "-c", "cat in.txt > shell-out.txt"]).first)
        #expect(shell.parentPID == report.rootPID)
        #expect(shell.cwd == scratch.path)
        let cat = try #require(report.processes(running: ["cat", "in.txt"]).first)
        #expect(cat.parentPID == shell.pid)
        #expect(cat.executable?.hasSuffix("/cat") == true)
        #expect(report.writes(under: scratch.path) == [scratch("child-out.txt"), scratch("shell-out.txt")])
        let input = try #require(report.file(scratch("in.txt")))
        #expect(Set(input.readers) == [child.pid, cat.pid])
        for process in report.processes {
            #expect(process.exitStatus != nil)
            #expect(!process.argv.isEmpty)
        }
        // Failed execve attempts of the PATH search are not executions.
        for file in report.files where file.executed {
            #expect(FileManager.default.fileExists(atPath: file.path), "\(file.path)")
        }
    }
}
