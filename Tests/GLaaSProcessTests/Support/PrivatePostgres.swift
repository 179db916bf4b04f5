import Foundation
import Glibc
import TestSupport

/// A PostgreSQL cluster of one test's own (made by `scripts/postgres.sh`), for faults such as
/// a restart that must not reach the suites sharing the scratch cluster. PostgreSQL cannot
/// listen on port 0 and say so, hence a `FreePort`.
final class PrivatePostgres: Sendable {
    let directory: String
    let port: Int
    /// The database URL, as `scripts/postgres.sh start` prints it.
    let url: String

    static var script: String { BuiltProducts.packageRoot.appendingPathComponent("scripts/postgres.sh").path }

    /// Whether the PostgreSQL server binaries are installed.
    static var available: Bool {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/pg_ctl") }
    }

    private init(directory: String, port: Int, url: String) {
        self.directory = directory
        self.port = port
        self.url = url
    }

    /// Starts a cluster in a new directory under /var/tmp (bounded: two minutes).
    static func start() async throws -> PrivatePostgres {
        var template = Array("/var/tmp/glaas-pg-private-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("cannot make a directory for a private cluster") }
        let directory = String(cString: made)
        let port = try FreePort.take()
        let owner = getuid() == 0 ? "postgres" : (ProcessInfo.processInfo.environment["USER"] ?? String(cString: getpwuid(getuid()).pointee.pw_name))
        let cluster = PrivatePostgres(directory: directory, port: port, url: "postgres://\(owner)@127.0.0.1:\(port)/glaas_test")
        do {
            try await ChildProcess.checked(["/bin/bash", script, "start", directory, String(port)], timeout: .seconds(120))
        } catch {
            await cluster.stop()
            throw error
        }
        return cluster
    }

    /// Restarts the cluster (every connection is cut), waiting until it accepts connections again.
    func restart() async throws {
        try await ChildProcess.checked(["/bin/bash", Self.script, "restart", directory], timeout: .seconds(120))
    }

    /// Stops the cluster and removes its files.
    func stop() async {
        _ = try? await ChildProcess.run(["/bin/bash", Self.script, "stop", directory], timeout: .seconds(120))
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: directory + ".initdb.log")
    }
}
