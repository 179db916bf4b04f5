import CRoarTrace
import Glibc

/// Seccomp stops (syscall entries) and the syscall-exit stops requested
/// for syscalls that are recorded only when they succeed.
extension TraceSession {
    func seccompStop(_ tid: Int32) {
        statistics.seccompStops += 1
        var call = croar_syscall()
        guard croar_get_syscall(tid, &call) == 0 else {
            resume(tid)
            return
        }
        let tgid = task(tid).tgid
        let kind = croar_syscall_kind(rawValue: UInt32(bitPattern: call.kind))
        if Int(call.kind) < syscallCounts.count { syscallCounts[Int(call.kind)] += 1 }
        var pending: PendingSyscall?
        switch kind {
        case CROAR_SYS_OPEN, CROAR_SYS_OPENAT, CROAR_SYS_OPENAT2, CROAR_SYS_CREAT:
            pending = openEntry(tid, tgid: tgid, call: call, kind: kind)
        case CROAR_SYS_TRUNCATE:
            pending = truncateEntry(tid, tgid: tgid, call: call)
        case CROAR_SYS_RENAME, CROAR_SYS_RENAMEAT, CROAR_SYS_RENAMEAT2:
            pending = renameEntry(tid, tgid: tgid, call: call, kind: kind)
        case CROAR_SYS_LINK, CROAR_SYS_LINKAT:
            pending = linkEntry(tid, tgid: tgid, call: call, kind: kind)
        case CROAR_SYS_SYMLINK, CROAR_SYS_SYMLINKAT:
            pending = symlinkEntry(tid, tgid: tgid, call: call, kind: kind)
        case CROAR_SYS_UNLINK, CROAR_SYS_UNLINKAT:
            pending = unlinkEntry(tid, tgid: tgid, call: call, kind: kind)
        case CROAR_SYS_CHDIR, CROAR_SYS_FCHDIR:
            pending = .chdir
        case CROAR_SYS_EXECVE, CROAR_SYS_EXECVEAT:
            execEntry(tid, tgid: tgid, call: call, kind: kind)
        default:
            foreignSyscall(tgid: tgid, call: call)
        }
        if let pending { tasks[tid]?.pending = pending }
        resume(tid)
    }

    func syscallExitStop(_ tid: Int32) {
        statistics.syscallExitStops += 1
        guard let pending = tasks[tid]?.pending else {
            resume(tid)
            return
        }
        var call = croar_syscall()
        guard croar_get_syscall(tid, &call) == 0 else {
            tasks[tid]?.pending = nil
            resume(tid)
            return
        }
        if call.op == CROAR_OP_ENTRY.rawValue {
            // A syscall-entry stop (kernels before 4.8 report it after the
            // seccomp stop): keep waiting for the exit.
            resume(tid)
            return
        }
        tasks[tid]?.pending = nil
        // -ERESTART*: interrupted by a signal, the syscall will be entered again.
        let restarting = call.rval <= -512 && call.rval >= -516
        if call.is_error == 0 && !restarting {
            complete(pending, tid: tid, pid: tasks[tid]?.tgid ?? tid)
        }
        resume(tid)
    }

    /// Records a syscall that succeeded.
    func complete(_ pending: PendingSyscall, tid: Int32, pid: Int32) {
        switch pending {
        case .open(let path, let flags, let existed, let identity):
            let position = files.slot(path)
            let mode = flags & O_ACCMODE
            if existed && (mode == O_RDWR || mode == O_RDONLY) {
                files.markRead(position, pid: pid, identity: identity)
            }
            if mode != O_RDONLY || flags & O_TRUNC != 0 || !existed {
                files.markWritten(position, pid: pid)
            }
            if !existed && flags & O_CREAT != 0 { files[position].created = true }
            if existed && flags & O_TRUNC != 0 { files[position].truncated = true }
            if mode != O_RDONLY && flags & O_APPEND != 0 { files[position].appended = true }
        case .truncate(let path, _):
            let position = files.slot(path)
            files.markWritten(position, pid: pid)
            files[position].truncated = true
        case .rename(let from, let to, let targetExisted, let exchange):
            renames.append(RenameEvent(from: from, to: to, exchange: exchange, pid: pid, order: files.tick()))
            let source = files.slot(from)
            let target = files.slot(to)
            files.forgetInode(of: source)
            files.forgetInode(of: target)
            files.markWritten(target, pid: pid)
            if exchange {
                files.markWritten(source, pid: pid)
            } else {
                files[source].renamedAway = true
                if !targetExisted { files[target].created = true }
            }
        case .link(let from, let to, let targetExisted):
            if let from { links.append(LinkEvent(from: from, to: to, pid: pid, order: files.tick())) }
            let target = files.slot(to)
            files.markWritten(target, pid: pid)
            if !targetExisted { files[target].created = true }
        case .symlink(let target, let path):
            symlinks.append(SymlinkEvent(target: target, path: path, pid: pid, order: files.tick()))
            let position = files.slot(path)
            files.markWritten(position, pid: pid)
            files[position].created = true
        case .unlink(let path):
            unlinks.append(UnlinkEvent(path: path, pid: pid, order: files.tick()))
            let position = files.slot(path)
            files[position].unlinked = true
            files.forgetInode(of: position)
        case .chdir:
            if let process = live[pid], !process.cwdShared {
                process.cwd = ProcFS.cwd(tid)
            }
        }
    }

    private func foreignSyscall(tgid: Int32, call: croar_syscall) {
        guard let process = live[tgid], !process.warnedForeignABI else { return }
        process.warnedForeignABI = true
        let arch = String(call.arch, radix: 16)
        warn(
            "process \(tgid) makes syscalls in an ABI the tracer does not decode (audit arch 0x\(arch), "
                + "syscall \(call.nr)): its file accesses are not recorded")
    }
}

extension croar_syscall {
    /// Argument `index` (0-5) of the syscall.
    func argument(_ index: Int) -> UInt64 {
        withUnsafeBytes(of: args) { $0.load(fromByteOffset: index * 8, as: UInt64.self) }
    }

    /// Argument `index` as a file descriptor (dirfd).
    func descriptor(_ index: Int) -> Int32 {
        Int32(truncatingIfNeeded: argument(index))
    }

    /// Argument `index` as int flags.
    func flags(_ index: Int) -> Int32 {
        Int32(truncatingIfNeeded: argument(index))
    }
}
