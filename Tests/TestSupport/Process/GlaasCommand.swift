import Foundation

/// The `glaas` executable's other commands (export, import, users), as an operator runs them.
public enum GlaasCommand {
    /// Runs `glaas ARGUMENTS` to completion, without the caller's GLAAS_DATABASE.
    public static func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> ChildProcess.Result {
        guard let binary = GlaasProcess.binary else { throw TestFailure("no glaas executable: build it (swift build) or set GLAAS_BINARY") }
        return try await ChildProcess.run([binary] + arguments, environment: ChildProcess.environment(["GLAAS_DATABASE": ""]), timeout: timeout)
    }

    /// `glaas users add NAME --key PUBLIC_KEY_FILE --database DATABASE`: the registry then
    /// accepts that key's signatures.
    public static func addUser(_ name: String, publicKeyFile: String, database: String) async throws {
        let result = try await run(["users", "add", name, "--key", publicKeyFile, "--database", database])
        guard result.status == 0 else { throw TestFailure("glaas users add \(name) failed (\(result.status)): \(result.stderr)") }
    }
}
