import CRoarTrace
import Glibc

/// Resolves the command like execvp would, then starts it seized and
/// stopped before its execve (see `croar_spawn_traced`).
enum Launcher {
    /// The seized root process and the pipe on which it reports a failed setup.
    struct Started {
        var pid: Int32
        var errorFD: Int32
    }

    /// The path to execute for `request.argv[0]`, searched in PATH when it
    /// has no slash. Throws before anything is started.
    static func executablePath(for request: TraceRequest) throws -> String {
        guard let name = request.argv.first, !name.isEmpty else { throw TraceError.emptyCommand }
        let base =
            request.workingDirectory.flatMap { PathNormalizer.absolute($0, base: currentDirectory()) }
            ?? currentDirectory()
        if name.contains("/") {
            guard let path = PathNormalizer.absolute(name, base: base), let info = FileStat.of(path) else {
                throw TraceError.commandNotFound(name)
            }
            guard !info.isDirectory, access(path, X_OK) == 0 else { throw TraceError.notExecutable(path) }
            return path
        }
        let searchPath =
            request.environment?["PATH"]
            ?? getenv("PATH").map { String(cString: $0) }
            ?? "/usr/local/bin:/usr/bin:/bin"
        var deniedCandidate: String?
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let entry = directory.isEmpty ? "." : String(directory)
            guard let candidate = PathNormalizer.absolute(entry + "/" + name, base: base),
                let info = FileStat.of(candidate), info.isRegular
            else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            deniedCandidate = deniedCandidate ?? candidate
        }
        if let deniedCandidate { throw TraceError.notExecutable(deniedCandidate) }
        throw TraceError.commandNotFound(name)
    }

    /// Forks, seizes and releases the root tracee, on the calling thread.
    static func start(_ request: TraceRequest, executable: String) throws -> Started {
        let argv = CStringArray(request.argv)
        let environment = request.environment.map { variables in
            CStringArray(variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        }
        var result = croar_spawn_result()
        let status = executable.withCString { path in
            withOptionalCString(request.workingDirectory) { cwd in
                var spec = croar_spawn_spec(
                    path: path,
                    argv: argv.pointer,
                    envp: environment?.pointer,
                    cwd: cwd,
                    new_process_group: request.newProcessGroup ? 1 : 0
                )
                return croar_spawn_traced(&spec, &result)
            }
        }
        guard status == 0 else { throw Self.error(stage: result.stage, errno: result.error) }
        return Started(pid: result.pid, errorFD: result.error_fd)
    }

    /// The error for a failed stage of croar_spawn_traced or croar_probe.
    static func error(stage: Int32, errno code: Int32) -> TraceError {
        switch croar_stage(rawValue: UInt32(bitPattern: stage)) {
        case CROAR_STAGE_SEIZE: .tracingUnavailable(stage: "ptrace(PTRACE_SEIZE)", errno: code)
        case CROAR_STAGE_NO_NEW_PRIVS: .tracingUnavailable(stage: "prctl(PR_SET_NO_NEW_PRIVS)", errno: code)
        case CROAR_STAGE_SECCOMP: .tracingUnavailable(stage: "seccomp(SECCOMP_SET_MODE_FILTER)", errno: code)
        case CROAR_STAGE_PROBE_EVENT: .tracingUnavailable(stage: "no seccomp stop was reported", errno: code)
        case CROAR_STAGE_PROBE_SYSCALL: .tracingUnavailable(stage: "decoding a syscall stop", errno: code)
        case CROAR_STAGE_PROBE_MEMORY: .tracingUnavailable(stage: "reading tracee memory", errno: code)
        case CROAR_STAGE_PROBE_EXIT: .tracingUnavailable(stage: "the probe process failed", errno: code)
        case CROAR_STAGE_PIPE: .launchFailed(stage: "pipe", errno: code)
        case CROAR_STAGE_FORK: .launchFailed(stage: "fork", errno: code)
        case CROAR_STAGE_HANDSHAKE: .launchFailed(stage: "handshake with the child", errno: code)
        case CROAR_STAGE_SETPGID: .launchFailed(stage: "setpgid", errno: code)
        case CROAR_STAGE_CHDIR: .launchFailed(stage: "chdir to the working directory", errno: code)
        case CROAR_STAGE_EXEC: .launchFailed(stage: "execve", errno: code)
        case CROAR_STAGE_AFFINITY: .launchFailed(stage: "sched_setaffinity (giving the command roar's CPUs back)", errno: code)
        case CROAR_STAGE_WAIT: .launchFailed(stage: "waitpid", errno: code)
        default: .launchFailed(stage: "stage \(stage)", errno: code)
        }
    }

    static func currentDirectory() -> String {
        guard let pointer = getcwd(nil, 0) else { return "/" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private static func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let string else { return body(nil) }
        return string.withCString { body($0) }
    }
}
