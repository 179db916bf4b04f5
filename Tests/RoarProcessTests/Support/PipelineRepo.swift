import Foundation
import RoarKit
import TestSupport
import Testing

/// A git repository with a bare `origin` next to it, scripts committed, and `roar` initialized:
/// what `roar diff` and `roar reproduce` tests record pipelines in. Removed at deinit.
final class PipelineRepo: Sendable {
    let fixture: ProjectFixture
    var root: String { fixture.root }
    var origin: String { fixture.root + "-origin.git" }

    init(scripts: [String: String]) async throws {
        fixture = try ProjectFixture()
        try FileManager.default.removeItem(atPath: fixture.project.roarDirectory)
        try await Self.shell("git init -q --bare \(origin)", in: "/")
        try await Self.shell(
            "git init -q -b main . && git config user.email t@example.com && git config user.name t && git remote add origin \(origin)", in: root)
        for (name, text) in scripts { try fixture.write(name, text) }
        try fixture.write(".gitignore", "*.txt\n")
        let initialized = try await roar(["init", "-y"])
        guard initialized.status == 0 else { throw TestFailure("roar init failed: \(initialized.stderr)") }
        try await commit("pipeline")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: origin)
    }

    /// Commits everything and pushes it to origin.
    func commit(_ message: String) async throws {
        try await Self.shell("git add -A && git commit -qm '\(message)' && git push -q origin main", in: root)
    }

    func roar(_ arguments: [String], in directory: String? = nil) async throws -> RoarBinary.Result {
        try await RoarBinary.run(arguments, in: directory ?? root)
    }

    /// `roar run ARGV`, expected to succeed.
    func record(_ argv: [String]) async throws {
        let result = try await roar(["run"] + argv)
        #expect(result.status == 0, "roar run \(argv): \(result.stderr)")
    }

    /// The commit checked out.
    func head() async throws -> String {
        try await ChildProcess.checked(["git", "rev-parse", "HEAD"], workingDirectory: root).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func shell(_ command: String, in directory: String) async throws {
        try await ChildProcess.checked(["/bin/sh", "-c", command], workingDirectory: directory)
    }
}
