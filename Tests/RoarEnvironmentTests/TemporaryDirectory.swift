import Foundation
import TestSupport

@testable import RoarEnvironment

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init(_ label: String = "roar-env") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        // Resolve /tmp symlinks so paths compare equal to what git and realpath report.
        path = FileProbe.realPath(base.path) ?? base.path
    }

    func write(_ relative: String, _ contents: String = "") throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs a tool for test setup and returns its trimmed stdout; fails the caller when it fails.
@discardableResult
func shell(_ argv: [String], in directory: String? = nil) throws -> String {
    guard let result = Subprocess.run(argv, timeout: 30, currentDirectory: directory), result.status == 0 else {
        throw TestFailure("setup command failed: \(argv.joined(separator: " "))")
    }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
