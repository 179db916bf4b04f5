import Foundation

extension ChildProcess {
    /// Runs `argv` to completion (see `init`), bounded by `timeout`.
    public static func run(
        _ argv: [String], environment: [String: String]? = nil, workingDirectory: String? = nil, input: Data? = nil,
        combineOutput: Bool = false, timeout: Duration = .seconds(120)
    ) async throws -> Result {
        let child = try ChildProcess(argv, environment: environment, workingDirectory: workingDirectory, input: input, combineOutput: combineOutput)
        let status = try await child.wait(timeout: timeout)
        return Result(status: status, stdout: child.standardOutput, stderr: child.standardError)
    }

    /// Runs `argv` to completion and returns its standard output; a non-zero exit throws a
    /// failure carrying its output.
    @discardableResult
    public static func checked(
        _ argv: [String], environment: [String: String]? = nil, workingDirectory: String? = nil, input: Data? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> String {
        let child = try ChildProcess(argv, environment: environment, workingDirectory: workingDirectory, input: input)
        let status = try await child.wait(timeout: timeout)
        guard status == 0 else { throw TestFailure("`\(child.commandLine)` exited with status \(status)\(child.outputSummary)") }
        return child.standardOutput
    }

    /// This process's environment with `changes` applied: a value replaces, an empty value
    /// removes the variable.
    public static func environment(_ changes: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(changes) { $1 }.filter { !$0.value.isEmpty }
    }
}
