// Per-thread state of the tracer, and what a syscall entry leaves for
// its exit or for the exec event.

/// Per-thread tracer state.
struct TaskState {
    /// The thread group (process) this task belongs to.
    var tgid: Int32
    /// A syscall whose exit stop was requested, with what its entry saw.
    var pending: PendingSyscall?
    /// What the last execve entry of this task passed, applied on success.
    var pendingExec: PendingExec?
}

/// The arguments of an execve, read at its entry (they are gone after it).
struct PendingExec {
    var path: String?
    var argv: [String]?
}

/// A syscall that is recorded only if it succeeds, with the state its entry saw.
enum PendingSyscall {
    case open(path: String, flags: Int32, existed: Bool, identity: FileIdentity?)
    case truncate(path: String, existed: Bool)
    case rename(from: String, to: String, targetExisted: Bool, exchange: Bool)
    case link(from: String?, to: String, targetExisted: Bool)
    case symlink(target: String, path: String)
    case unlink(path: String)
    case chdir
}
