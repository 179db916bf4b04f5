import Foundation
import TestSupport
import Testing

/// Runs the reference `b3sum` (Debian package `b3sum`) and returns its hex output.
enum B3Sum {
    /// The b3sum executable: /usr/bin/b3sum, or the first one on PATH; nil when not installed.
    static let installed: String? = {
        let candidates =
            ["/usr/bin/b3sum"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            .split(separator: ":").map { "\($0)/b3sum" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var executable: String { installed ?? "/usr/bin/b3sum" }

    /// Whether the comparisons with b3sum can run.
    static var available: Bool { installed != nil }

    static let unavailableReason: Comment = "b3sum is not installed (Debian package b3sum; scripts/test.sh installs it)"

    /// The hex digest b3sum prints for the file at `path`.
    static func hash(
        file path: String,
        length: Int? = nil,
        key: [UInt8]? = nil,
        deriveKey context: String? = nil
    ) throws -> String {
        var arguments = ["--no-names"]
        if let length { arguments += ["--length", String(length)] }
        if key != nil { arguments.append("--keyed") }
        if let context { arguments += ["--derive-key", context] }
        arguments.append(path)
        return try run(arguments, standardInput: key.map { Data($0) })
    }

    /// Runs b3sum with `arguments`; its standard output, trimmed.
    static func run(_ arguments: [String], standardInput: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(standardInput) }
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("b3sum \(arguments) failed: \(String(decoding: stderr, as: UTF8.self))")
        }
        return String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
