import Foundation
import Glibc
import Synchronization

/// A program run as a child of the test process: spawned in a process group of its own with
/// default signal handling, no inherited descriptors, its output in files; every wait has a
/// deadline, and the child is always reaped (at the latest when this object goes away).
public final class ChildProcess: Sendable {
    /// How a finished program ended and what it printed.
    public struct Result: Sendable {
        /// The shell's status: the exit code, or 128 + the signal that ended it.
        public var status: Int32
        /// Everything it wrote to standard output.
        public var stdout: String
        /// Everything it wrote to standard error (empty when combined into `stdout`).
        public var stderr: String
    }

    /// The child's process id, which is also its process group id.
    public let pid: pid_t
    /// The command line, for messages.
    public let commandLine: String
    let scratch: URL
    let combined: Bool
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `argv` (a path, or a name looked up on the PATH of `environment`). `environment`
    /// replaces this process's environment (nil: inherit it); `input` is its standard input
    /// (nil: /dev/null); `combineOutput` sends standard error to standard output.
    public init(
        _ argv: [String], environment: [String: String]? = nil, workingDirectory: String? = nil, input: Data? = nil,
        combineOutput: Bool = false
    ) throws {
        guard let name = argv.first else { throw TestFailure("ChildProcess: empty command line") }
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let executable = Self.locate(name, path: environment["PATH"]) else { throw TestFailure("\(name): no such program") }
        commandLine = argv.joined(separator: " ")
        combined = combineOutput
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let stdinPath: String
        if let input {
            stdinPath = scratch.appendingPathComponent("stdin").path
            try input.write(to: URL(fileURLWithPath: stdinPath))
        } else {
            stdinPath = "/dev/null"
        }
        do {
            pid = try SpawnAttributes.spawn(
                executable: executable, argv: argv, environment: environment, workingDirectory: workingDirectory, stdin: stdinPath,
                stdout: scratch.appendingPathComponent("stdout").path, stderr: combineOutput ? nil : scratch.appendingPathComponent("stderr").path)
        } catch {
            try? FileManager.default.removeItem(at: scratch)
            throw error
        }
    }

    deinit {
        if exitStatus.withLock({ $0 }) == nil {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Everything the child has written to standard output so far.
    public var standardOutput: String { read("stdout") }

    /// Everything the child has written to standard error so far.
    public var standardError: String { combined ? "" : read("stderr") }

    /// The shell status once it has exited (reaping it), nil while it runs.
    public func poll() -> Int32? {
        exitStatus.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                known = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            } else if result == -1 && errno == ECHILD {
                known = -1
            }
            return known
        }
    }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { poll() == nil }

    /// Waits for the child to exit; past `timeout` it is killed and the wait throws a failure
    /// carrying its output. Polls with `Task.sleep`: no thread is blocked.
    @discardableResult
    public func wait(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = poll() { return status }
            if ContinuousClock.now >= deadline {
                await stop(grace: .seconds(2))
                throw TestFailure("`\(commandLine)` did not finish within \(timeout)\(outputSummary)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the child: SIGTERM to its process group, SIGKILL after `grace`, then reaps it.
    /// Returns its status.
    @discardableResult
    public func stop(grace: Duration = .seconds(10)) async -> Int32 {
        if let status = poll() { return status }
        signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if let status = poll() { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        signal(SIGKILL)
        // A killed process is gone at once; the bound only guards against an unkillable one.
        let killed = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < killed {
            if let status = poll() { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return poll() ?? -1
    }

    /// Sends `number` to the child's process group (and to the child itself).
    public func signal(_ number: Int32) {
        guard exitStatus.withLock({ $0 }) == nil else { return }
        kill(-pid, number)
        kill(pid, number)
    }

    /// The last lines of the child's output, for failure messages.
    public var outputSummary: String {
        let output = standardOutput.suffix(4000)
        let errors = standardError.suffix(4000)
        var text = ""
        if !output.isEmpty { text += "\n--- stdout of `\(commandLine)`:\n\(output)" }
        if !errors.isEmpty { text += "\n--- stderr of `\(commandLine)`:\n\(errors)" }
        return text
    }

    func read(_ name: String) -> String {
        (try? String(contentsOf: scratch.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// `name` itself when it is a path, else the first executable of that name on `path`.
    public static func locate(_ name: String, path: String?) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
