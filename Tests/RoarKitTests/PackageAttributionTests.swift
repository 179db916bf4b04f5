import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// Which pip distributions a job is recorded with, in a real venv (python3 -m venv brings pip
/// and setuptools, whose distutils-precedence.pth imports `_distutils_hack` at every start): a
/// distribution counts only when the job imported or executed files of it.
@Suite(.enabled(if: CaptureFidelityTests.hasPython, "python3 is not installed"), .timeLimit(.minutes(3)))
struct PackageAttributionTests {
    static func pip(_ outcome: JobRecorder.Outcome) -> [String] {
        (outcome.job.environment?.python?.distributions ?? []).map(\.name).map { $0.lowercased() }
    }

    @Test func aStdlibJobInAVenvWithUnusedPackagesListsNone() async throws {
        let fixture = try ProjectFixture()
        let made = try await ChildProcess.run(["python3", "-m", "venv", fixture.path("venv")], timeout: .seconds(120))
        guard made.status == 0 else { throw TestFailure("python3 -m venv failed (Debian: apt-get install python3-venv): \(made.stderr)") }
        let python = fixture.path("venv/bin/python")
        let site = try #require(try FileManager.default.subpathsOfDirectory(atPath: fixture.path("venv/lib")).first { $0.hasSuffix("site-packages") })
        let pth = fixture.path("venv/lib/\(site)/distutils-precedence.pth")
        let hasStartupHook = FileManager.default.fileExists(atPath: pth)

        let stdlib = try await fixture.run([python, "-c", "import json, os; print(json.dumps(sorted(os.listdir('.'))))"])
        #expect(stdlib.job.exitCode == 0)
        #expect(Self.pip(stdlib).isEmpty, "a stdlib-only job lists \(Self.pip(stdlib)) (startup hook: \(hasStartupHook))")
        if hasStartupHook {
            // The hook's module was opened, which is what used to count setuptools.
            #expect(stdlib.report.files.contains { $0.path.contains("/_distutils_hack/") }, "the start-up hook did not run")
        }

        let metadata = try await fixture.run([python, "-c", "import importlib.metadata as m; print(m.version('pip'))"])
        #expect(Self.pip(metadata).isEmpty, "reading metadata lists \(Self.pip(metadata))")

        let imports = try await fixture.run([python, "-c", "import pip; print(pip.__version__)"])
        #expect(Self.pip(imports) == ["pip"])
    }
}
