import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// Which touched paths a job keeps, and why the others are left out.
struct PathFilterTests {
    let project = RoarProject(root: "/tmp/project")
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()

    func verdict(_ path: String, written: Bool = false, interpreters: [String] = []) -> PathFilter.Verdict {
        PathFilter(project: project, configuration: .default, interpreterPrefixes: interpreters).verdict(path, written: written)
    }

    @Test func projectFilesUnderTmpAreKept() {
        #expect(verdict("/tmp/project/data.csv") == .keep)
        #expect(verdict("/tmp/project/out/model.pt", written: true) == .keep)
    }

    @Test func scratchAppliesToWritesOutsideTheProjectOnly() {
        #expect(verdict("/tmp/other/x.bin", written: true) == .scratch)
        #expect(verdict("/tmp/other/x.bin", written: false) == .keep)
    }

    @Test func systemPackagesCachesAndToolsAreLeftOut() {
        #expect(verdict("/usr/lib/x86_64-linux-gnu/libc.so.6") == .system)
        #expect(verdict("/etc/passwd") == .system)
        #expect(verdict("/proc/self/maps") == .system)
        #expect(verdict("/srv/venv/lib/python3.11/site-packages/numpy/__init__.py") == .package)
        #expect(verdict("/tmp/project/.venv/lib/python3.11/site-packages/yaml/__init__.py") == .package)
        #expect(verdict(home + "/.pyenv/libexec/pyenv-exec") == .package)
        #expect(verdict(home + "/.pyenv/versions/3.11.7/lib/python3.11/os.py") == .package)
        #expect(verdict("/srv/python/lib/python3.11/os.py", interpreters: ["/srv/python"]) == .package)
        #expect(verdict(home + "/.cache/huggingface/hub/model.bin") == .cache)
        #expect(verdict(home + "/.cache/mydata/file.csv") == .keep)
    }

    @Test func roarGitAndIgnoredPathsAreLeftOut() {
        #expect(verdict("/tmp/project/.roar/roar.sqlite") == .roar)
        #expect(verdict("/tmp/project/.git/HEAD") == .git)
        #expect(verdict("/tmp/project/src/__pycache__/m.cpython-311.pyc") == .package)
        #expect(verdict("/tmp/project/.pytest_cache/v/cache") == .ignored)
    }

    @Test func configuredIgnoresMatchPrefixesAndComponentSequences() {
        var configuration = RoarConfiguration.default
        configuration.ignore += ["/data/raw", "logs/debug"]
        let filter = PathFilter(project: project, configuration: configuration)
        #expect(filter.verdict("/data/raw/a.csv", written: false) == .ignored)
        #expect(filter.verdict("/data/rawest/a.csv", written: false) == .keep)
        #expect(filter.verdict("/tmp/project/logs/debug/x.log", written: true) == .ignored)
        #expect(filter.verdict("/tmp/project/logs/info/x.log", written: true) == .keep)
    }
}
