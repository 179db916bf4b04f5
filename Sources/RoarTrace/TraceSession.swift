import CRoarTrace
import Foundation
import Glibc

/// One trace: starts the command and runs the ptrace event loop on the
/// calling thread (ptrace ties tracees to the thread that seized them)
/// until every process of the tree has exited.
final class TraceSession {
    let request: TraceRequest
    let observer: (any TraceObserver)?
    let memory = TraceeMemory()
    var files = FileTable()
    var tasks: [Int32: TaskState] = [:]
    /// Processes alive, by pid.
    var live: [Int32: ProcessState] = [:]
    /// Every process, in creation order.
    var allProcesses: [ProcessState] = []
    /// New tasks that stopped before their parent's fork/clone event told
    /// what they are; resumed when it arrives.
    var unclaimedStops: Set<Int32> = []
    var renames: [RenameEvent] = []
    var links: [LinkEvent] = []
    var symlinks: [SymlinkEvent] = []
    var unlinks: [UnlinkEvent] = []
    var statistics = TraceStatistics()
    var syscallCounts = [Int](repeating: 0, count: 32)
    var warnings: [String] = []
    var rootPID: Int32 = 0
    var rootExecuted = false
    var rootStatus: ExitStatus?
    let startTime = Date()
    /// root can read anything: a successful stat predicts a successful
    /// read-only open. Others also need read permission.
    let tracerIsPrivileged = geteuid() == 0

    init(request: TraceRequest, observer: (any TraceObserver)?) {
        self.request = request
        self.observer = observer
    }

    /// Runs the command to completion and returns what it did.
    func run() throws -> TraceReport {
        let executable = try Launcher.executablePath(for: request)
        croar_interrupts_hold()
        defer { croar_interrupts_release() }
        croar_pin_tracer_thread()
        defer { croar_unpin_tracer_thread() }
        let started = try Launcher.start(request, executable: executable)
        defer { close(started.errorFD) }
        rootPID = started.pid
        let base = Launcher.currentDirectory()
        let cwd = request.workingDirectory.flatMap { PathNormalizer.absolute($0, base: base) } ?? base
        let root = ProcessState(
            pid: rootPID, parentPID: nil, argv: request.argv, executable: executable, image: nil, cwd: cwd)
        live[rootPID] = root
        allProcesses.append(root)
        tasks[rootPID] = TaskState(tgid: rootPID)
        statistics.processes = 1
        observer?.commandStarted(pid: rootPID)
        try eventLoop()
        if !rootExecuted {
            var stage: Int32 = 0
            var code: Int32 = 0
            if croar_read_launch_error(started.errorFD, &stage, &code) != 0 {
                throw Launcher.error(stage: stage, errno: code)
            }
            throw TraceError.launchFailed(stage: "execve (the process ended before it)", errno: 0)
        }
        return makeReport()
    }

    private func eventLoop() throws {
        var status: Int32 = 0
        while true {
            let tid = croar_wait_any(&status)
            if tid < 0 {
                let code = errno
                if code == ECHILD { return }
                throw TraceError.tracerFailed("waitpid: \(TraceError.message(code))")
            }
            if croar_wifstopped(status) != 0 {
                statistics.stops += 1
                let signal = croar_wstopsig(status)
                switch Int(croar_wptrace_event(status)) {
                case 0:
                    if Int(signal) == CROAR_SYSCALL_TRAP {
                        syscallExitStop(tid)
                    } else {
                        signalDeliveryStop(tid, signal: signal)
                    }
                case CROAR_EVENT_SECCOMP:
                    seccompStop(tid)
                case CROAR_EVENT_FORK, CROAR_EVENT_VFORK, CROAR_EVENT_CLONE:
                    newTaskEvent(tid, event: croar_wptrace_event(status))
                case CROAR_EVENT_EXEC:
                    execEvent(tid)
                case CROAR_EVENT_STOP:
                    eventStop(tid, signal: signal)
                default:
                    resume(tid)
                }
            } else if croar_wifexited(status) != 0 {
                taskEnded(tid, status: .exited(croar_wexitstatus(status)))
            } else if croar_wifsignaled(status) != 0 {
                taskEnded(tid, status: .signaled(croar_wtermsig(status)))
            }
        }
    }

    /// Lets a stopped task run on, to its syscall exit if one is pending.
    func resume(_ tid: Int32, signal: Int32 = 0) {
        if tasks[tid]?.pending != nil {
            _ = croar_ptrace_syscall(tid, signal)
        } else {
            _ = croar_ptrace_cont(tid, signal)
        }
        // ESRCH means the task was killed meanwhile; its exit is reported next.
    }

    /// The state of a task, created from /proc for a task never announced.
    func task(_ tid: Int32) -> TaskState {
        if let task = tasks[tid] { return task }
        let status = ProcFS.status(tid)
        let tgid = status?.tgid ?? tid
        if live[tgid] == nil {
            adoptProcess(tgid, parentPID: status?.ppid)
        }
        let task = TaskState(tgid: tgid)
        tasks[tid] = task
        return task
    }

    /// Registers a process the tracer learnt of late.
    @discardableResult
    func adoptProcess(_ pid: Int32, parentPID: Int32?) -> ProcessState {
        let parent = parentPID.flatMap { live[$0] }
        let process = ProcessState(
            pid: pid, parentPID: parentPID, argv: parent?.argv ?? ProcFS.commandLine(pid) ?? [],
            executable: parent?.executable, image: parent?.image, cwd: ProcFS.cwd(pid))
        live[pid] = process
        allProcesses.append(process)
        statistics.processes += 1
        return process
    }

    /// The working directory relative paths of `tgid` resolve against.
    func workingDirectory(tid: Int32, tgid: Int32) -> String? {
        guard let process = live[tgid] else { return ProcFS.cwd(tid) }
        if !process.cwdShared, let cwd = process.cwd { return cwd }
        let cwd = ProcFS.cwd(tid)
        if !process.cwdShared { process.cwd = cwd }
        return cwd
    }

    func warn(_ message: String) {
        if warnings.count < 100 { warnings.append(message) }
    }
}
