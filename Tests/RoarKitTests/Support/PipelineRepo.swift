import Foundation
import Testing

@testable import RoarKit

/// A git repository with a bare `origin` next to it, scripts committed, and `roar` initialized:
/// what `roar diff` and `roar reproduce` tests record pipelines in. Removed at deinit.
final class PipelineRepo: Sendable {
    let fixture: ProjectFixture
    var root: String { fixture.root }
    var origin: String { fixture.root + "-origin.git" }

    init(scripts: [String: String]) throws {
        fixture = try ProjectFixture()
        try FileManager.default.removeItem(atPath: fixture.project.roarDirectory)
        try Self.shell("git init -q --bare \(origin)", in: "/")
        try Self.shell("git init -q -b main . && git config user.email t@example.com && git config user.name t && git remote add origin \(origin)", in: root)
        for (name, text) in scripts { try fixture.write(name, text) }
        try fixture.write(".gitignore", "*.txt\n")
        #expect(try roar(["init", "-y"]).status == 0)
        try commit("pipeline")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: origin)
    }

    /// Commits everything and pushes it to origin.
    func commit(_ message: String) throws {
        try Self.shell("git add -A && git commit -qm '\(message)' && git push -q origin main", in: root)
    }

    func roar(_ arguments: [String], in directory: String? = nil) throws -> RoarBinary.Result {
        try RoarBinary.run(arguments, in: directory ?? root)
    }

    /// `roar run ARGV`, expected to succeed.
    func record(_ argv: [String]) throws {
        let result = try roar(["run"] + argv)
        #expect(result.status == 0, "roar run \(argv): \(result.stderr)")
    }

    func head() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["rev-parse", "HEAD"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func shell(_ command: String, in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw RoarError.failed("`\(command)` failed in \(directory)") }
    }
}
