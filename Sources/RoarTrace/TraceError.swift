import Glibc

/// Why a command could not be traced. Every one of these is thrown before
/// the command's own code runs.
public enum TraceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request had no argv.
    case emptyCommand
    /// argv[0] was not found in PATH, or the path does not exist.
    case commandNotFound(String)
    /// The path exists but is not an executable file.
    case notExecutable(String)
    /// ptrace or seccomp is not permitted or not supported here.
    case tracingUnavailable(stage: String, errno: Int32)
    /// The command could not be started (working directory, execve).
    case launchFailed(stage: String, errno: Int32)
    /// Waiting for the tracees failed.
    case tracerFailed(String)

    public var description: String {
        switch self {
        case .emptyCommand:
            return "roar-trace: no command given"
        case .commandNotFound(let name):
            return "roar-trace: command not found: \(name)"
        case .notExecutable(let path):
            return "roar-trace: not an executable file: \(path)"
        case .tracingUnavailable(let stage, let code):
            return "roar-trace: cannot trace processes here (\(stage): \(Self.message(code))); "
                + "ptrace and seccomp-BPF must be allowed (check kernel.yama.ptrace_scope, "
                + "container seccomp profiles and CAP_SYS_PTRACE)"
        case .launchFailed(let stage, let code):
            return "roar-trace: could not start the command (\(stage): \(Self.message(code)))"
        case .tracerFailed(let message):
            return "roar-trace: tracer failed: \(message)"
        }
    }

    static func message(_ code: Int32) -> String {
        code == 0 ? "unexpected behaviour" : String(cString: strerror(code))
    }
}
