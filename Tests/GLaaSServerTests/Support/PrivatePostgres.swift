import Foundation
import Glibc

/// A PostgreSQL cluster of one test's own (made by `scripts/postgres.sh`), for faults such as
/// a restart that must not reach the suites sharing the scratch cluster.
final class PrivatePostgres: Sendable {
    let directory: String
    let port: Int
    /// The database URL, as `scripts/postgres.sh start` prints it.
    let url: String

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/postgres.sh").path
    }

    /// Whether the PostgreSQL server binaries are installed.
    static var available: Bool {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/pg_ctl") }
    }

    init() throws {
        var template = Array("/var/tmp/glaas-pg-private-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("cannot make a directory for a private cluster") }
        directory = String(cString: made)
        port = try Self.freePort()
        let owner = getuid() == 0 ? "postgres" : (ProcessInfo.processInfo.environment["USER"] ?? String(cString: getpwuid(getuid()).pointee.pw_name))
        url = "postgres://\(owner)@127.0.0.1:\(port)/glaas_test"
        guard try ChildProcess.run(["/bin/bash", Self.script, "start", directory, String(port)]) == 0 else {
            try? FileManager.default.removeItem(atPath: directory)
            throw TestFailure("cannot start a private PostgreSQL cluster in \(directory)")
        }
    }

    /// Restarts the cluster (every connection is cut), waiting until it accepts connections again.
    func restart() throws {
        guard try ChildProcess.run(["/bin/bash", Self.script, "restart", directory]) == 0 else { throw TestFailure("postgres restart failed") }
    }

    /// Stops the cluster and removes its files.
    func stop() {
        _ = try? ChildProcess.run(["/bin/bash", Self.script, "stop", directory])
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: directory + ".initdb.log")
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("socket: \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("cannot find a free port: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
