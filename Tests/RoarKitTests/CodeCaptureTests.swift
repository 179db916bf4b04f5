import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// The code a job ran, however it reached it: `python -m pkg` (a package's modules), a script
/// read through a symbolic link (the file it leads to), an edit not committed, a script git
/// does not track, and git's ignore rules (an ignored script is in no commit).
@Suite(.enabled(if: CaptureFidelityTests.hasPython, "python3 is not installed"), .timeLimit(.minutes(2)))
struct CodeCaptureTests {
    /// A project that is also a git repository with `files` committed.
    static func repository(_ files: [String: String]) async throws -> ProjectFixture {
        let fixture = try ProjectFixture()
        for (path, text) in files {
            try FileManager.default.createDirectory(
                atPath: (fixture.path(path) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fixture.write(path, text)
        }
        try await ChildProcess.checked(
            [
                "/bin/sh", "-c",
                "git init -q -b main . && git -c user.email=t@example.com -c user.name=t add -A && git -c user.email=t@example.com -c user.name=t commit -qm code",
            ],
            workingDirectory: fixture.root)
        return fixture
    }

    static func code(_ outcome: JobRecorder.Outcome) -> [String: CodeFile] {
        let metadata = (try? JSONParser.parse(outcome.job.metadata)) ?? .null
        return Dictionary(CodeFile.list(metadata["code"]).map { ($0.path, $0) }) { first, _ in first }
    }

    @Test func pythonDashMRecordsThePackagesModules() async throws {
        let main = "from pkg import helper\nopen('out.txt', 'w').write(helper.VALUE)\n"
        let fixture = try await Self.repository([
            "pkg/__init__.py": "", "pkg/__main__.py": main, "pkg/helper.py": "VALUE = 'v1'\n", ".gitignore": ".roar/\n",
        ])
        let code = Self.code(try await fixture.run(["python3", "-m", "pkg"]))
        #expect(code["pkg/__main__.py"] == CodeFile(path: "pkg/__main__.py", digest: TestDigest.blake3(main), git: .committed), "\(code)")
        #expect(code["pkg/helper.py"]?.git == .committed && code["pkg/__init__.py"] != nil, "\(code)")
    }

    @Test func aScriptReadThroughASymlinkIsRecordedAsTheFileItLeadsTo() async throws {
        let script = "open('out.txt', 'w').write('x')\n"
        let fixture = try await Self.repository(["scripts/real.py": script, ".gitignore": ".roar/\n"])
        try FileManager.default.createSymbolicLink(atPath: fixture.path("run.py"), withDestinationPath: "scripts/real.py")
        let code = Self.code(try await fixture.run(["python3", "run.py"]))
        #expect(code["scripts/real.py"] == CodeFile(path: "scripts/real.py", digest: TestDigest.blake3(script), git: .committed), "\(code)")
        #expect(code["run.py"] == nil)
    }

    @Test func editedUntrackedAndIgnoredCodeIsNotCommittedAndIsKept() async throws {
        let fixture = try await Self.repository(["train.py": "import util, local\n", "util.py": "A = 1\n", ".gitignore": ".roar/\nlocal.py\n"])
        try fixture.write("util.py", "A = 2\n")
        try fixture.write("local.py", "B = 1\n")
        try fixture.write("extra.py", "C = 1\n")
        try fixture.write("train.py", "import util, local, extra\n")
        let outcome = try await fixture.run(["python3", "train.py"])
        let code = Self.code(outcome)
        #expect(code["util.py"]?.git == .modified && code["train.py"]?.git == .modified, "\(code)")
        #expect(code["local.py"]?.git == .untracked && code["extra.py"]?.git == .untracked, "\(code)")
        let kept = KeptCode(project: fixture.project)
        for file in code.values {
            #expect(kept.content(try #require(file.digest)) != nil, "\(file.path) was not kept")
        }
        // Untracked code stays an input; tracked code does not (its kept copy stands for it).
        #expect(Set(outcome.job.inputs.map { fixture.project.relative($0.path) }) == ["extra.py", "local.py"])
    }
}
