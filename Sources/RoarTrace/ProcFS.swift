import Glibc

/// The few `/proc` lookups the tracer needs: a stopped tracee's cwd, the
/// target of one of its file descriptors, its executable, pending signals.
enum ProcFS {
    /// What `/proc/PID/status` says that ptrace does not.
    struct Status {
        var tgid: Int32?
        var ppid: Int32?
        var pendingSignals: UInt64 = 0
        var sharedPendingSignals: UInt64 = 0
    }

    /// The target of a symlink such as `/proc/PID/cwd`; `nil` unless it is
    /// an absolute path (pipes, sockets and anonymous files are not).
    static func readlink(_ path: String) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 4097) { buffer -> String? in
            let count = Glibc.readlink(path, buffer.baseAddress!, 4096)
            guard count > 0 else { return nil }
            let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress!, count: count)
            guard bytes[0] == UInt8(ascii: "/") else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Working directory of a task.
    static func cwd(_ tid: Int32) -> String? {
        readlink("/proc/\(tid)/cwd")
    }

    /// Path a task's file descriptor refers to; `nil` for a deleted file
    /// (an O_TMPFILE or unlinked file has no path).
    static func fdPath(_ tid: Int32, _ fd: Int32) -> String? {
        guard let path = readlink("/proc/\(tid)/fd/\(fd)"), !path.hasSuffix(" (deleted)") else { return nil }
        return path
    }

    /// The running binary of a process.
    static func executable(_ pid: Int32) -> String? {
        readlink("/proc/\(pid)/exe")
    }

    /// The whole content of a small /proc file.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// argv of a process that has exec'd (used when it could not be read at execve).
    static func commandLine(_ pid: Int32) -> [String]? {
        guard let bytes = read("/proc/\(pid)/cmdline"), !bytes.isEmpty else { return nil }
        var parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts.map { String(decoding: $0, as: UTF8.self) }
    }

    static func status(_ tid: Int32) -> Status? {
        guard let bytes = read("/proc/\(tid)/status") else { return nil }
        var status = Status()
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let key = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
                .trimmingCharacters(in: " \t")
            switch key {
            case "Tgid": status.tgid = Int32(value)
            case "PPid": status.ppid = Int32(value)
            case "SigPnd": status.pendingSignals = UInt64(value, radix: 16) ?? 0
            case "ShdPnd": status.sharedPendingSignals = UInt64(value, radix: 16) ?? 0
            default: break
            }
        }
        return status
    }

    /// Whether a SIGCONT is pending for the task: a stop signal caught in a
    /// signal-delivery-stop was then already cancelled by that SIGCONT.
    static func continuePending(_ tid: Int32) -> Bool {
        guard let status = status(tid) else { return false }
        let bit = UInt64(1) << UInt64(SIGCONT - 1)
        return (status.pendingSignals | status.sharedPendingSignals) & bit != 0
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
