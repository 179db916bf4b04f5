import Foundation

/// Runs an external tool (git, dpkg-query, nvidia-smi, nvcc, a Python interpreter) with a deadline,
/// because environment capture must never hang or fail a `roar run` when a tool is slow or missing.
public enum Subprocess {
    /// Finds `program` the way a shell would: a name containing `/` is used as given when it is an
    /// executable file, any other name is looked up in the directories of `searchPath`
    /// (default: this process's `PATH`).
    public static func locate(_ program: String, searchPath: String? = nil) -> String? {
        let manager = FileManager.default
        if program.contains("/") {
            return manager.isExecutableFile(atPath: program) ? program : nil
        }
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(program)"
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                manager.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }

    /// Runs `argv` (program resolved with ``locate(_:searchPath:)``) with stdin and stderr attached to
    /// `/dev/null`, `LC_ALL=C`, and returns its exit status and standard output (decoded as UTF-8, lossy).
    /// Returns nil when the program is not found, cannot be started, or has not finished within
    /// `timeout` seconds (it is then killed).
    public static func run(
        _ argv: [String],
        timeout: TimeInterval = 5,
        currentDirectory: String? = nil,
        environment extra: [String: String] = [:]
    ) -> (status: Int32, stdout: String)? {
        guard let program = argv.first, let executable = locate(program) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        if let currentDirectory {
            process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory)
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return nil
        }
        // Drain the pipe while the child runs so a large output cannot fill the pipe and block it.
        let collected = OutputBuffer()
        let drained = DispatchSemaphore(value: 0)
        let reader = output.fileHandleForReading
        DispatchQueue.global(qos: .utility).async {
            collected.store(reader.readDataToEndOfFile())
            drained.signal()
        }
        let deadline = DispatchTime.now() + timeout
        guard exited.wait(timeout: deadline) == .success else {
            process.terminate()
            if exited.wait(timeout: .now() + 0.5) != .success {
                kill(process.processIdentifier, SIGKILL)
            }
            return nil
        }
        // A grandchild may keep the pipe open after the child exited; give up on it at the deadline.
        guard drained.wait(timeout: max(deadline, .now() + 0.5)) == .success else { return nil }
        return (process.terminationStatus, String(decoding: collected.data, as: UTF8.self))
    }
}

/// The bytes read from a child's stdout, handed from the reader thread to the caller.
private final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    func store(_ data: Data) {
        lock.lock()
        bytes = data
        lock.unlock()
    }

    var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return bytes
    }
}
