/// Receives synchronous callbacks from a running trace, on the tracer's
/// thread, while the tracee that caused them is stopped.
///
/// Callbacks must return quickly and must not call back into the tracer;
/// the traced program waits for them.
public protocol TraceObserver: AnyObject, Sendable {
    /// Called at most once per path, BEFORE a syscall that may change or
    /// remove the content of `path`, which this run has already read (or is
    /// about to open read-write): an open for writing or with O_TRUNC,
    /// truncate, a rename onto or away from it, an unlink of it, or a write
    /// through another name of the same inode. The file still has the
    /// content the command read; hash or snapshot it now.
    ///
    /// - Parameters:
    ///   - path: absolute, normalized path of the read file.
    ///   - identity: the file's identity when it was first read (`nil` if it
    ///     could not be determined), to check that nothing else changed it.
    ///   - pid: the process about to change it.
    func fileWillChange(_ path: String, identity: FileIdentity?, pid: Int32)

    /// Called once the command's process exists and is traced, before it
    /// executes the command. `pid` is its process id (and process-group id
    /// when `TraceRequest.newProcessGroup` is set).
    func commandStarted(pid: Int32)

    /// Called once per path, when this run first opens `path` read-only (a regular file the
    /// tracer expects the open to succeed on): a chance to hash it while the command goes on,
    /// instead of after it. Hand the work to another thread; the tracee waits for this call.
    func fileFirstRead(_ path: String, identity: FileIdentity?)
}

extension TraceObserver {
    /// Does nothing by default.
    public func commandStarted(pid: Int32) {}

    /// Does nothing by default.
    public func fileFirstRead(_ path: String, identity: FileIdentity?) {}
}
