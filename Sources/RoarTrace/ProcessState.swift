import Foundation

/// The tracer's mutable view of one process (thread group).
final class ProcessState {
    let pid: Int32
    let parentPID: Int32?
    var argv: [String]
    var executable: String?
    var image: String?
    /// Cached working directory, kept current through chdir/fchdir exit
    /// stops; `nil` when unknown (then read from /proc).
    var cwd: String?
    /// Working directory at the last exec, for the report.
    var cwdAtExec: String?
    /// Shares its cwd with another process (clone with CLONE_FS but not
    /// CLONE_THREAD): the cache cannot be trusted, /proc is read each time.
    var cwdShared = false
    var execCount = 0
    var threadCount = 0
    var exitStatus: ExitStatus?
    let startTime: Date
    var endTime: Date?
    /// A warning about an undecodable syscall ABI was already emitted.
    var warnedForeignABI = false

    init(pid: Int32, parentPID: Int32?, argv: [String], executable: String?, image: String?, cwd: String?) {
        self.pid = pid
        self.parentPID = parentPID
        self.argv = argv
        self.executable = executable
        self.image = image
        self.cwd = cwd
        self.cwdAtExec = cwd
        self.startTime = Date()
    }

    var snapshot: TracedProcess {
        TracedProcess(
            pid: pid, parentPID: parentPID, argv: argv, executable: executable, image: image,
            cwd: cwdAtExec, execCount: execCount, threadCount: threadCount, exitStatus: exitStatus,
            startTime: startTime, endTime: endTime
        )
    }
}
