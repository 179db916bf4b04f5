import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How one measured command ended: wall time, CPU of its whole process tree, and status.
struct Measurement: Sendable {
    /// Wall-clock seconds from spawn to reaping the child.
    var wall: Double
    /// User + system CPU seconds of the child and every descendant it (transitively) reaped,
    /// taken as the getrusage(RUSAGE_CHILDREN) delta around the run.
    var cpu: Double
    /// Exit code, or 128 + signal number when the child was killed by a signal.
    var status: Int32
    /// True when the time limit was hit and the process group was killed.
    var timedOut: Bool

    var succeeded: Bool { !timedOut && status == 0 }
}

/// Spawns a command in its own process group, waits for it with a time limit and measures it.
/// Standard input is /dev/null; standard output and error go to a log file.
enum ChildProcess {
    /// Errors from spawning; timeouts and failures are reported in `Measurement` instead.
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU seconds (user + system) of all reaped children of this process so far.
    static func childrenCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ tv: timeval) -> Double { Double(tv.tv_sec) + Double(tv.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process group being measured, killed when roar-bench is interrupted.
    private final class CurrentGroup: @unchecked Sendable {
        let lock = NSLock()
        var pgid: pid_t = 0
    }
    private static let current = CurrentGroup()

    /// Kills the process group currently being measured, if any.
    static func killCurrentGroup() {
        current.lock.lock()
        let pgid = current.pgid
        current.lock.unlock()
        if pgid > 0 { kill(-pgid, SIGKILL) }
    }

    private static func setCurrentGroup(_ pgid: pid_t) {
        current.lock.lock()
        current.pgid = pgid
        current.lock.unlock()
    }

    /// Result slot filled by the waiting thread.
    private final class WaitBox: @unchecked Sendable {
        var status: Int32 = 0
        var end: Double = 0
    }

    /// Runs `argv` in `directory` with `environment`, killing its process group after `timeout`
    /// seconds. Output is appended to `logPath` (standard error too, unless `errorPath` is given).
    static func run(
        _ argv: [String], in directory: String, environment: [String: String],
        timeout: Double, logPath: String, errorPath: String? = nil
    ) throws -> Measurement {
        precondition(!argv.isEmpty)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errorPath {
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArgs + cEnv { free(pointer) }
        }

        let previous = FileManager.default.currentDirectoryPath
        guard chdir(directory) == 0 else { throw SpawnError(description: "cannot enter \(directory)") }
        defer { _ = chdir(previous) }

        let cpuBefore = childrenCPU()
        let start = now()
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw SpawnError(description: "cannot run \(argv[0]): \(String(cString: strerror(rc)))") }

        setCurrentGroup(pid)
        defer { setCurrentGroup(0) }
        let box = WaitBox()
        let done = DispatchSemaphore(value: 0)
        let child = pid
        DispatchQueue.global().async {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            box.end = now()
            box.status = status
            done.signal()
        }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(-child, SIGKILL)
            done.wait()
        }
        // Stragglers left in the group (daemons, background helpers) do not outlive the run.
        kill(-child, SIGKILL)
        let cpu = childrenCPU() - cpuBefore
        let raw = box.status
        let exited = (raw & 0x7f) == 0
        let code: Int32 = exited ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        return Measurement(wall: box.end - start, cpu: cpu, status: code, timedOut: timedOut)
    }

    /// Runs a setup or check command to completion and returns its standard output, or nil when
    /// it failed. Not measured.
    static func capture(
        _ argv: [String], in directory: String, environment: [String: String],
        timeout: Double = 120
    ) -> String? {
        let path = NSTemporaryDirectory() + "roar-bench-capture-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        defer { unlink(path) }
        guard let result = try? run(argv, in: directory, environment: environment, timeout: timeout, logPath: path, errorPath: "/dev/null"),
            result.succeeded
        else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }
}
