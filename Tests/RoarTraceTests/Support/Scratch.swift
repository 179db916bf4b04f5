import Foundation
import Glibc
import TestSupport

/// A fresh directory for one test (its real path, so that paths resolved
/// through /proc/PID/cwd and paths given literally agree), removed at deinit.
final class Scratch: Sendable {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/roar-trace-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp \(base): errno \(errno)") }
        guard let real = realpath(made, nil) else { throw TestFailure("realpath: errno \(errno)") }
        path = String(cString: real)
        free(real)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Absolute path of `name` in the scratch directory.
    func callAsFunction(_ name: String) -> String {
        "\(path)/\(name)"
    }

    func write(_ name: String, _ content: String) throws {
        let url = URL(fileURLWithPath: self(name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    /// Writes an executable file through a CLOEXEC descriptor: a write
    /// descriptor inherited by a process another test forks meanwhile would
    /// make executing the file fail with ETXTBSY.
    func writeExecutable(_ name: String, _ content: String) throws {
        let fd = open(self(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw TestFailure("open \(self(name)): errno \(errno)") }
        defer { close(fd) }
        let bytes = Array(content.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else { throw TestFailure("write \(self(name)): errno \(errno)") }
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: self(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: self(name))
    }

    /// Compiles C `source` with /usr/bin/gcc (untraced) and returns the binary's path.
    func compile(_ name: String, _ source: String, flags: [String] = []) throws -> String {
        try write("\(name).c", source)
        let binary = self(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tools.gcc)
        process.arguments = ["-O1", "-o", binary, self("\(name).c")] + flags
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("gcc failed: \(String(decoding: message, as: UTF8.self))")
        }
        return binary
    }
}
