import Foundation
import Testing

@testable import RoarEnvironment

@Suite(.enabled(if: Subprocess.locate("dpkg-query") != nil, "dpkg is not installed"))
struct DebianPackageTests {
    private static func installedVersion(_ package: String) throws -> String {
        try shell(["dpkg-query", "-W", "-f", "${Version}", package])
    }

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: "/usr/bin/git")
                && FileManager.default.fileExists(atPath: "/lib/x86_64-linux-gnu/libc.so.6"), "not a Debian amd64 host with git"))
    func ownersOfExecutablesAndLibraries() throws {
        let packages = DebianPackage.owning(["/usr/bin/git", "/bin/sh", "/lib/x86_64-linux-gnu/libc.so.6"])
        let byName = Dictionary(packages.map { ($0.name, $0) }) { first, _ in first }
        #expect(byName["git"]?.version == (try Self.installedVersion("git")))
        #expect(byName["dash"]?.version == (try Self.installedVersion("dash")))
        #expect(byName["libc6"]?.version == (try Self.installedVersion("libc6")))
        #expect(byName["libc6"]?.architecture == "amd64")
        #expect(packages.map(\.name) == packages.map(\.name).sorted())
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/lib/x86_64-linux-gnu/libc.so.6"), "no amd64 libc"))
    func usrMergedSpellingIsFound() {
        // dpkg records /lib/x86_64-linux-gnu/libc.so.6; the /usr spelling must still find libc6.
        #expect(DebianPackage.owning(["/usr/lib/x86_64-linux-gnu/libc.so.6"]).map(\.name) == ["libc6"])
        #expect(DebianPackage.owning(["/usr/bin/sh"]).map(\.name) == ["dash"])
    }

    @Test func unknownPathsGiveNothing() {
        #expect(DebianPackage.owning(["/nonexistent/bin/tool"]).isEmpty)
        #expect(DebianPackage.owning([]).isEmpty)
        #expect(DebianPackage.owning(["relative/path", "/usr/lib/*.so"]).isEmpty)
    }

    @Test func parsesSearchOutput() {
        let output = """
            diversion by dash from: /bin/sh
            diversion by dash to: /bin/sh.distrib
            dash: /bin/sh
            libc6:amd64: /lib/x86_64-linux-gnu/libc.so.6
            base-files, bash: /usr/share
            dpkg-query: no path found matching pattern /x
            """
        let parsed = DebianPackage.parseSearchOutput(output)
        #expect(parsed.map(\.packages) == [["dash"], ["libc6:amd64"], ["base-files", "bash"]])
        #expect(parsed.map(\.path) == ["/bin/sh", "/lib/x86_64-linux-gnu/libc.so.6", "/usr/share"])
        #expect(DebianPackage.usrMergeCounterpart("/bin/sh") == "/usr/bin/sh")
        #expect(DebianPackage.usrMergeCounterpart("/usr/lib64/ld.so") == "/lib64/ld.so")
        #expect(DebianPackage.usrMergeCounterpart("/usr/share/x") == nil)
    }
}
