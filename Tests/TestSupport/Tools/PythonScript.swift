import Foundation
import Testing

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

    /// Why they cannot, for `.enabled(if:)`.
    public static let unavailableReason: Comment =
        "needs GLAAS_TEST_PYTHON (a python with prov, openlineage-python, prometheus-client; scripts/test.sh makes it)"

    /// Tests/Interop/`name`.
    public static func path(_ name: String) -> String {
        BuiltProducts.packageRoot.appendingPathComponent("Tests/Interop").appendingPathComponent(name).path
    }

    /// Runs Tests/Interop/`script` with `arguments` (and `input` on standard input); returns its
    /// standard output. Throws with its output when it fails or runs longer than `timeout`.
    public static func run(_ script: String, _ arguments: [String], input: String? = nil, timeout: Duration = .seconds(120)) async throws -> String {
        guard let interpreter else { throw TestFailure("GLAAS_TEST_PYTHON is not set") }
        return try await ChildProcess.checked([interpreter, path(script)] + arguments, input: input.map { Data($0.utf8) }, timeout: timeout)
    }
}
