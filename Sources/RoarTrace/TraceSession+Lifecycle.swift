import CRoarTrace
import Foundation
import Glibc

/// Process and thread lifecycle: fork/vfork/clone, exec, exit, signals and
/// group stops.
extension TraceSession {
    /// A parent stopped in fork/vfork/clone: registers the new task.
    func newTaskEvent(_ tid: Int32, event: Int32) {
        statistics.eventStops += 1
        var message: UInt = 0
        guard croar_ptrace_geteventmsg(tid, &message) == 0 else {
            resume(tid)
            return
        }
        let child = Int32(truncatingIfNeeded: message)
        let parentTgid = task(tid).tgid
        var flags: UInt64 = 0
        let flagsKnown = croar_get_clone_flags(tid, &flags) == 0
        let isThread: Bool
        if Int(event) != CROAR_EVENT_CLONE {
            isThread = false
        } else if flagsKnown {
            isThread = flags & UInt64(CROAR_CLONE_THREAD) != 0
        } else {
            isThread = ProcFS.status(child)?.tgid == parentTgid
        }
        if tasks[child] == nil {
            if isThread {
                tasks[child] = TaskState(tgid: parentTgid)
                live[parentTgid]?.threadCount += 1
                statistics.threads += 1
            } else {
                let parent = live[parentTgid]
                let process = ProcessState(
                    pid: child, parentPID: parentTgid, argv: parent?.argv ?? [],
                    executable: parent?.executable, image: parent?.image,
                    cwd: parent?.cwdShared == true ? nil : parent?.cwd)
                if flagsKnown && flags & UInt64(CROAR_CLONE_FS) != 0 {
                    process.cwdShared = true
                    parent?.cwdShared = true
                }
                live[child] = process
                allProcesses.append(process)
                tasks[child] = TaskState(tgid: child)
                statistics.processes += 1
            }
        }
        if unclaimedStops.remove(child) != nil { resume(child) }
        resume(tid)
    }

    /// A successful execve/execveat: the process now runs a new program.
    func execEvent(_ tid: Int32) {
        statistics.eventStops += 1
        var message: UInt = 0
        let former = croar_ptrace_geteventmsg(tid, &message) == 0 ? Int32(truncatingIfNeeded: message) : tid
        // A non-leader thread that execs takes over the leader's tid.
        var state = tasks.removeValue(forKey: former) ?? tasks[tid] ?? TaskState(tgid: tid)
        let exec = state.pendingExec
        state.pendingExec = nil
        state.pending = nil
        state.tgid = tid
        tasks[tid] = state
        let process = live[tid] ?? adoptProcess(tid, parentPID: ProcFS.status(tid)?.ppid)
        process.image = ProcFS.executable(tid)
        process.argv = exec?.argv ?? ProcFS.commandLine(tid) ?? process.argv
        process.executable = exec?.path ?? process.image
        if !process.cwdShared, let cwd = ProcFS.cwd(tid) { process.cwd = cwd }
        process.cwdAtExec = process.cwdShared ? ProcFS.cwd(tid) : process.cwd
        process.execCount += 1
        for path in Set([process.executable, process.image].compactMap { $0 }) {
            files[files.slot(path)].executed = true
        }
        if tid == rootPID { rootExecuted = true }
        resume(tid)
    }

    /// PTRACE_EVENT_STOP: a group stop (kept with PTRACE_LISTEN until a
    /// SIGCONT), or the first stop of a new task.
    func eventStop(_ tid: Int32, signal: Int32) {
        switch signal {
        case SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU:
            statistics.groupStops += 1
            if ProcFS.continuePending(tid) {
                // The SIGCONT came while the stop signal was held in its
                // signal-delivery-stop: it is already over. (A SIGCONT
                // arriving after this check wakes the PTRACE_LISTEN.)
                _ = croar_ptrace_cont(tid, 0)
            } else {
                _ = croar_ptrace_listen(tid)
            }
        default:
            statistics.eventStops += 1
            if tasks[tid] == nil {
                // Its parent's fork/clone event has not been seen yet.
                unclaimedStops.insert(tid)
            } else {
                resume(tid)
            }
        }
    }

    /// A signal is about to be delivered: pass it on. A stop signal already
    /// cancelled by a pending SIGCONT (Ctrl-Z then `fg` while the tracer
    /// itself was stopped) is dropped, as the kernel would have done.
    func signalDeliveryStop(_ tid: Int32, signal: Int32) {
        statistics.signalStops += 1
        var deliver = signal
        switch signal {
        case SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU:
            if ProcFS.continuePending(tid) { deliver = 0 }
        default:
            break
        }
        resume(tid, signal: deliver)
    }

    /// A task is gone; a process ends with its thread-group leader.
    func taskEnded(_ tid: Int32, status: ExitStatus) {
        if unclaimedStops.remove(tid) != nil { return }
        let task = tasks.removeValue(forKey: tid)
        if task?.tgid ?? tid == tid, let process = live.removeValue(forKey: tid) {
            process.exitStatus = status
            process.endTime = Date()
        }
        if tid == rootPID { rootStatus = status }
        if !unclaimedStops.isEmpty { claimOrphans() }
    }

    /// New tasks whose parent died before reporting them: identify them
    /// from /proc and let them run.
    private func claimOrphans() {
        for orphan in unclaimedStops {
            guard let status = ProcFS.status(orphan) else { continue }
            let tgid = status.tgid ?? orphan
            if tgid != orphan, live[tgid] != nil {
                tasks[orphan] = TaskState(tgid: tgid)
                statistics.threads += 1
            } else {
                adoptProcess(orphan, parentPID: status.ppid)
                tasks[orphan] = TaskState(tgid: orphan)
            }
            unclaimedStops.remove(orphan)
            resume(orphan)
        }
    }
}
