import Foundation
import TestSupport
import Testing

/// The built `roar` executable, run as a user would: `$ROAR_BINARY`, else the `roar` next to
/// the test bundle.
enum RoarBinary {
    typealias Result = ChildProcess.Result

    /// Its path ("roar" when there is none: running it then fails with that name).
    static var path: String { BuiltProducts.roar ?? "roar" }

    /// Whether the suites that run it can.
    static var available: Bool { BuiltProducts.roar != nil }

    static let unavailableReason: Comment = "needs the roar executable (swift build, or ROAR_BINARY)"

    /// Runs `roar ARGS` in `directory` with `input` on stdin, bounded by `timeout`.
    /// `environment` is added to this process's environment; an empty value removes a variable.
    static func run(
        _ arguments: [String], in directory: String, input: String? = nil, environment: [String: String] = [:], timeout: Duration = .seconds(300)
    ) async throws -> Result {
        try await ChildProcess.run(
            [path] + arguments, environment: ChildProcess.environment(environment), workingDirectory: directory, input: input.map { Data($0.utf8) },
            timeout: timeout)
    }
}
