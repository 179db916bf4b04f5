import Foundation
import LineageModel
import TestSupport
import Testing

/// The `glaas` executable's own behaviour: its version, and where it keeps its default database
/// (`$XDG_DATA_HOME`, else `$HOME`: two servers started with different homes never share a file).
@Suite(.enabled(if: GlaasProcess.binary != nil, "needs the glaas executable (swift build, or GLAAS_BINARY)"), .timeLimit(.minutes(2)))
struct GlaasCommandLineTests {
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Runs glaas with exactly these variables (and PATH), so the caller's HOME and XDG settings do not leak in.
    static func glaas(_ arguments: [String], environment: [String: String]) async throws -> ChildProcess.Result {
        let binary = try #require(GlaasProcess.binary)
        var variables = environment
        variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return try await ChildProcess.run([binary] + arguments, environment: variables, timeout: .seconds(60))
    }

    @Test func versionIsTheRelease() async throws {
        let result = try await Self.glaas(["--version"], environment: [:])
        #expect(result.status == 0)
        #expect(result.stdout == ReleaseVersion.current + "\n")
    }

    @Test func theDefaultDatabaseFollowsHome() async throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        for home in ["alice", "bob"] {
            let result = try await Self.glaas(["migrate"], environment: ["HOME": root.appendingPathComponent(home).path])
            #expect(result.status == 0, "\(result.stderr)")
            let expected = root.appendingPathComponent("\(home)/.local/share/glaas/registry.sqlite").path
            #expect(result.stdout.hasPrefix(expected + ":"), "\(result.stdout)")
            #expect(FileManager.default.fileExists(atPath: expected))
        }
    }

    @Test func xdgDataHomeComesBeforeHome() async throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["HOME": root.appendingPathComponent("home").path, "XDG_DATA_HOME": root.appendingPathComponent("data").path]
        let result = try await Self.glaas(["migrate"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("data/glaas/registry.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("home/.local/share/glaas").path))
        // GLAAS_DATABASE, then --database, come before both.
        let chosen = root.appendingPathComponent("chosen.sqlite").path
        #expect(try await Self.glaas(["migrate"], environment: environment.merging(["GLAAS_DATABASE": chosen]) { $1 }).status == 0)
        #expect(FileManager.default.fileExists(atPath: chosen))
    }
}
