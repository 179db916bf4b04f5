import Foundation

/// Runs the Python helpers in Tests/Interop with the interpreter of the test venv
/// (`GLAAS_TEST_PYTHON`, set by scripts/test.sh; it has prov, openlineage-python and
/// prometheus-client), bounded in time.
public enum PythonScript {
    /// The venv's python, when the test command provides one.
    public static var interpreter: String? {
        ProcessInfo.processInfo.environment["GLAAS_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the Python-based tests can run.
    public static var available: Bool { interpreter != nil }

    /// Tests/Interop/`name`.
    public static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop").appendingPathComponent(name).path
    }

    /// Runs Tests/Interop/`script` with `arguments` (and `input` on standard input); returns its
    /// standard output. Throws with standard error when it fails or runs longer than `timeout`.
    public static func run(_ script: String, _ arguments: [String], input: String? = nil, timeout: Duration = .seconds(120)) async throws -> String {
        guard let interpreter else { throw StoreKindError("GLAAS_TEST_PYTHON is not set") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [path(script)] + arguments
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout")
        let err = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let input {
            let file = directory.appendingPathComponent("stdin")
            try Data(input.utf8).write(to: file)
            process.standardInput = try FileHandle(forReadingFrom: file)
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw StoreKindError("\(script) ran longer than \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw StoreKindError("\(script) exited \(process.terminationStatus): \((try? String(contentsOf: err, encoding: .utf8)) ?? "")")
        }
        return stdout
    }
}
