import CRoarTrace
import Foundation

extension TraceSession {
    /// Syscall names of `croar_syscall_kind`, for the statistics.
    static let syscallNames = [
        "unknown", "open", "openat", "openat2", "creat", "truncate", "rename", "renameat", "renameat2",
        "link", "linkat", "symlink", "symlinkat", "unlink", "unlinkat", "chdir", "fchdir", "execve", "execveat",
    ]

    func makeReport() -> TraceReport {
        var statistics = self.statistics
        for (kind, count) in syscallCounts.enumerated() where count > 0 {
            let name = kind < Self.syscallNames.count ? Self.syscallNames[kind] : "kind \(kind)"
            statistics.syscalls[name] = count
        }
        let files = self.files.records.filter { record in
            record.read || record.written || record.executed || record.unlinked || record.renamedAway
        }
        if statistics.unreadablePaths > 0 {
            warn("\(statistics.unreadablePaths) path arguments could not be read from tracee memory")
        }
        return TraceReport(
            command: request.argv,
            rootPID: rootPID,
            exitStatus: rootStatus ?? .signaled(SIGKILL),
            processes: allProcesses.map(\.snapshot),
            files: files,
            renames: renames,
            links: links,
            symlinks: symlinks,
            unlinks: unlinks,
            startTime: startTime,
            endTime: Date(),
            statistics: statistics,
            warnings: warnings
        )
    }
}
