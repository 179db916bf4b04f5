import CRoarTrace
import Glibc

/// Decoding of each traced syscall at its entry: paths made absolute, the
/// observer told before a read file changes, and what to check at the exit.
extension TraceSession {
    static let cwdDescriptor = Int32(CROAR_AT_FDCWD)

    /// The absolute path of a path argument, resolved against the task's
    /// cwd or `dirfd`. `nil` when it cannot be read or resolved.
    func resolvePath(
        _ tid: Int32, tgid: Int32, dirfd: Int32 = TraceSession.cwdDescriptor, address: UInt64,
        allowEmpty: Bool = false
    ) -> String? {
        let resolved: String?? = memory.withString(tid, at: address) { raw -> String? in
            if raw.isEmpty {
                return allowEmpty && dirfd != Self.cwdDescriptor ? ProcFS.fdPath(tid, dirfd) : nil
            }
            if raw[0] == UInt8(ascii: "/") { return PathNormalizer.absolute(raw, base: nil) }
            let base =
                dirfd == Self.cwdDescriptor
                ? workingDirectory(tid: tid, tgid: tgid) : ProcFS.fdPath(tid, dirfd)
            return PathNormalizer.absolute(raw, base: base)
        }
        guard let resolved else {
            statistics.unreadablePaths += 1
            return nil
        }
        return resolved
    }

    func openEntry(_ tid: Int32, tgid: Int32, call: croar_syscall, kind: croar_syscall_kind) -> PendingSyscall? {
        let dirfd: Int32
        let address: UInt64
        let flags: Int32
        switch kind {
        case CROAR_SYS_OPEN:
            (dirfd, address, flags) = (Self.cwdDescriptor, call.argument(0), call.flags(1))
        case CROAR_SYS_OPENAT:
            (dirfd, address, flags) = (call.descriptor(0), call.argument(1), call.flags(2))
        case CROAR_SYS_OPENAT2:
            guard let how = memory.word64(tid, at: call.argument(2)) else { return nil }
            (dirfd, address, flags) = (call.descriptor(0), call.argument(1), Int32(truncatingIfNeeded: how))
        default: // creat
            (dirfd, address, flags) = (Self.cwdDescriptor, call.argument(0), O_CREAT | O_WRONLY | O_TRUNC)
        }
        if flags & (Int32(CROAR_O_PATH) | O_DIRECTORY) != 0 { return nil }
        guard let path = resolvePath(tid, tgid: tgid, dirfd: dirfd, address: address) else { return nil }
        let mode = flags & O_ACCMODE
        if mode == O_RDONLY && flags & (O_TRUNC | O_CREAT) == 0 {
            readOpen(path, pid: tgid)
            return nil
        }
        let before = FileStat.of(path)
        if before?.isDirectory == true { return nil }
        announceChange(of: path, pid: tgid, current: before, openingReadWrite: mode == O_RDWR)
        let pending = PendingSyscall.open(path: path, flags: flags, existed: before != nil, identity: before?.identity)
        if before?.isCharacterDevice == true {
            // /dev/null, a tty: opening it cannot fail in a way that matters
            // and changes no file content; record it without an exit stop.
            complete(pending, tid: tid, pid: tgid)
            return nil
        }
        return pending
    }

    /// A read-only open is recorded at its entry, without an exit stop:
    /// `stat` (and for non-root tracers `access`) predicts its success, and
    /// gives the identity at first read.
    private func readOpen(_ path: String, pid: Int32) {
        if let position = files.find(path), files[position].read {
            files.markRead(position, pid: pid, identity: nil)
            return
        }
        guard let info = FileStat.of(path), !info.isDirectory, !info.isSocket else { return }
        if !tracerIsPrivileged && faccessat(Self.cwdDescriptor, path, R_OK, AT_EACCESS) != 0 { return }
        let position = files.slot(path)
        let first = !files[position].read
        files.markRead(position, pid: pid, identity: info.identity)
        if first && info.isRegular { observer?.fileFirstRead(path, identity: info.identity) }
    }

    func truncateEntry(_ tid: Int32, tgid: Int32, call: croar_syscall) -> PendingSyscall? {
        guard let path = resolvePath(tid, tgid: tgid, address: call.argument(0)) else { return nil }
        let before = FileStat.of(path)
        announceChange(of: path, pid: tgid, current: before)
        return .truncate(path: path, existed: before != nil)
    }

    func renameEntry(_ tid: Int32, tgid: Int32, call: croar_syscall, kind: croar_syscall_kind) -> PendingSyscall? {
        let (fromFD, fromAddress, toFD, toAddress, flags): (Int32, UInt64, Int32, UInt64, Int32) =
            kind == CROAR_SYS_RENAME
            ? (Self.cwdDescriptor, call.argument(0), Self.cwdDescriptor, call.argument(1), 0)
            : (
                call.descriptor(0), call.argument(1), call.descriptor(2), call.argument(3),
                kind == CROAR_SYS_RENAMEAT2 ? call.flags(4) : 0
            )
        guard let from = resolvePath(tid, tgid: tgid, dirfd: fromFD, address: fromAddress),
            let to = resolvePath(tid, tgid: tgid, dirfd: toFD, address: toAddress)
        else { return nil }
        let targetExisted = FileStat.of(to, followSymlinks: false) != nil
        announceChange(of: to, pid: tgid, current: nil)
        announceChange(of: from, pid: tgid, current: nil)
        let exchange = flags & Int32(CROAR_RENAME_EXCHANGE) != 0
        return .rename(from: from, to: to, targetExisted: targetExisted, exchange: exchange)
    }

    func linkEntry(_ tid: Int32, tgid: Int32, call: croar_syscall, kind: croar_syscall_kind) -> PendingSyscall? {
        let (fromFD, fromAddress, toFD, toAddress, flags): (Int32, UInt64, Int32, UInt64, Int32) =
            kind == CROAR_SYS_LINK
            ? (Self.cwdDescriptor, call.argument(0), Self.cwdDescriptor, call.argument(1), 0)
            : (call.descriptor(0), call.argument(1), call.descriptor(2), call.argument(3), call.flags(4))
        guard let to = resolvePath(tid, tgid: tgid, dirfd: toFD, address: toAddress) else { return nil }
        let from = resolvePath(
            tid, tgid: tgid, dirfd: fromFD, address: fromAddress,
            allowEmpty: flags & Int32(CROAR_AT_EMPTY_PATH) != 0)
        let targetExisted = FileStat.of(to, followSymlinks: false) != nil
        return .link(from: from, to: to, targetExisted: targetExisted)
    }

    func symlinkEntry(_ tid: Int32, tgid: Int32, call: croar_syscall, kind: croar_syscall_kind) -> PendingSyscall? {
        let (targetAddress, dirfd, pathAddress): (UInt64, Int32, UInt64) =
            kind == CROAR_SYS_SYMLINK
            ? (call.argument(0), Self.cwdDescriptor, call.argument(1))
            : (call.argument(0), call.descriptor(1), call.argument(2))
        guard let target = memory.string(tid, at: targetAddress),
            let path = resolvePath(tid, tgid: tgid, dirfd: dirfd, address: pathAddress)
        else { return nil }
        return .symlink(target: target, path: path)
    }

    func unlinkEntry(_ tid: Int32, tgid: Int32, call: croar_syscall, kind: croar_syscall_kind) -> PendingSyscall? {
        let (dirfd, address, flags): (Int32, UInt64, Int32) =
            kind == CROAR_SYS_UNLINK
            ? (Self.cwdDescriptor, call.argument(0), 0)
            : (call.descriptor(0), call.argument(1), call.flags(2))
        if flags & Int32(CROAR_AT_REMOVEDIR) != 0 { return nil }
        guard let path = resolvePath(tid, tgid: tgid, dirfd: dirfd, address: address) else { return nil }
        announceChange(of: path, pid: tgid, current: nil)
        return .unlink(path: path)
    }

    /// execve's arguments are read now: after a successful exec they are
    /// gone. They are applied at the exec event, so failed attempts (PATH
    /// search) leave no trace and need no exit stop.
    func execEntry(_ tid: Int32, tgid: Int32, call: croar_syscall, kind: croar_syscall_kind) {
        let (dirfd, pathAddress, argvAddress, flags): (Int32, UInt64, UInt64, Int32) =
            kind == CROAR_SYS_EXECVE
            ? (Self.cwdDescriptor, call.argument(0), call.argument(1), 0)
            : (call.descriptor(0), call.argument(1), call.argument(2), call.flags(4))
        let path = resolvePath(
            tid, tgid: tgid, dirfd: dirfd, address: pathAddress,
            allowEmpty: flags & Int32(CROAR_AT_EMPTY_PATH) != 0)
        let argv = memory.stringArray(tid, at: argvAddress, wordSize: Int(call.word_size))
        tasks[tid]?.pendingExec = PendingExec(path: path, argv: argv)
    }

    /// Tells the observer, once per path, before a file this run read (or
    /// is about to open read-write) may change: by `path` itself, or through
    /// another name of the same inode (`current` is what `path` is now).
    func announceChange(of path: String, pid: Int32, current: FileStat?, openingReadWrite: Bool = false) {
        if let position = files.find(path), files[position].read {
            announce(position, pid: pid)
        } else if openingReadWrite, let current, current.isRegular {
            let position = files.slot(path)
            if files[position].identity == nil { files[position].identity = current.identity }
            announce(position, pid: pid)
        }
        if let current, let position = files.readRecord(inode: current.identity), files[position].path != path {
            announce(position, pid: pid)
        }
    }

    private func announce(_ position: Int, pid: Int32) {
        guard !files[position].modifiedAfterRead else { return }
        files[position].modifiedAfterRead = true
        statistics.changeNotifications += 1
        observer?.fileWillChange(files[position].path, identity: files[position].identity, pid: pid)
    }
}
