/// Counters of a trace, to see what tracing cost.
public struct TraceStatistics: Sendable, Codable, Hashable {
    /// All ptrace stops handled (every one is a context switch pair).
    public var stops = 0
    /// Seccomp stops: entries of filtered syscalls.
    public var seccompStops = 0
    /// Syscall-exit stops, requested only when a result was needed.
    public var syscallExitStops = 0
    /// fork/vfork/clone/exec event stops and new-task stops.
    public var eventStops = 0
    /// Signal-delivery stops (signals passed on to the tracee).
    public var signalStops = 0
    /// Group stops (SIGSTOP, Ctrl-Z) the tracee was kept in.
    public var groupStops = 0
    /// Seccomp stops per syscall name.
    public var syscalls: [String: Int] = [:]
    /// Processes and threads seen.
    public var processes = 0
    public var threads = 0
    /// Paths that could not be read from a tracee's memory.
    public var unreadablePaths = 0
    /// Times `TraceObserver.fileWillChange` was called.
    public var changeNotifications = 0

    public init() {}
}
