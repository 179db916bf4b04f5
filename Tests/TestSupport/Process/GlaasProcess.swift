import Foundation
import Testing

/// A `glaas serve` child process on 127.0.0.1. It binds port 0 and the port it got is read
/// from the line it prints once listening, so no test ever picks a port number. Each server
/// has a scratch directory (its default SQLite database and its HOME).
public final class GlaasProcess: Sendable {
    /// The built `glaas` executable, nil when there is none (see `BuiltProducts.glaas`).
    public static var binary: String? { BuiltProducts.glaas }

    /// Whether the suites that start servers can run.
    public static var available: Bool { binary != nil }

    /// Why they cannot, for `.enabled(if:)`.
    public static let unavailableReason: Comment = "needs the glaas executable (swift build, or GLAAS_BINARY)"

    /// The server's origin, e.g. `http://127.0.0.1:40123`.
    public let url: String
    /// The port the server bound.
    public let port: Int
    /// The `--database` it serves (on PostgreSQL the owner's URL, which the operator's
    /// commands take; the server itself connects as `PostgresRuntimeRole`).
    public let database: String
    /// The server's own directory, removed when it is stopped.
    public let directory: String
    let process: ChildProcess

    /// Starts `glaas serve --port 0` on `database` (default: a new SQLite file in the server's
    /// directory) with `arguments` added, and waits at most `timeout` for it to listen. On a
    /// PostgreSQL URL (the owner's), the server runs as `PostgresRuntimeRole`, as deployed.
    public static func start(database: String? = nil, arguments: [String] = [], timeout: Duration = .seconds(60)) async throws -> GlaasProcess {
        guard let binary else { throw TestFailure("no glaas executable: build it (swift build) or set GLAAS_BINARY") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-server-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = database ?? directory + "/registry.sqlite"
        let served: String
        do {
            served = database.hasPrefix("postgres") ? try await PostgresRuntimeRole.prepare(ownerURL: database) : database
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        let process = try ChildProcess(
            [binary, "serve", "--host", "127.0.0.1", "--port", "0", "--database", served, "--log-level", "warning"] + arguments,
            environment: ChildProcess.environment(["HOME": directory, "GLAAS_DATABASE": "", "XDG_DATA_HOME": ""]), combineOutput: true)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let origin = listeningOrigin(in: process.standardOutput), let port = Int(origin.split(separator: ":").last ?? "") {
                return GlaasProcess(url: origin, port: port, database: database, directory: directory, process: process)
            }
            if let status = process.poll() {
                try? FileManager.default.removeItem(atPath: directory)
                throw TestFailure("glaas serve exited with status \(status) before listening\(process.outputSummary)")
            }
            if ContinuousClock.now >= deadline {
                await process.stop()
                try? FileManager.default.removeItem(atPath: directory)
                throw TestFailure("glaas serve did not listen within \(timeout)\(process.outputSummary)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Starts a server (see `start`), runs `body` with it, and stops it however `body` ends.
    public static func with<T: Sendable>(
        database: String? = nil, arguments: [String] = [], _ body: (GlaasProcess) async throws -> T
    ) async throws -> T {
        let server = try await start(database: database, arguments: arguments)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Starts `count` servers on one `database`, runs `body` with them, and stops them all.
    public static func with<T: Sendable>(_ count: Int, database: String, _ body: ([GlaasProcess]) async throws -> T) async throws -> T {
        var servers: [GlaasProcess] = []
        do {
            for _ in 0..<count { servers.append(try await start(database: database)) }
            let result = try await body(servers)
            for server in servers { await server.stop() }
            return result
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
    }

    init(url: String, port: Int, database: String, directory: String, process: ChildProcess) {
        self.url = url
        self.port = port
        self.database = database
        self.directory = directory
        self.process = process
    }

    deinit {
        // A server whose test forgot to stop it: ChildProcess kills and reaps it.
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// SIGTERM, SIGKILL after a bounded wait; always reaped. Returns its exit status.
    @discardableResult
    public func stop() async -> Int32 {
        await process.stop(grace: .seconds(10))
    }

    /// SIGTERM, then a wait of at most `grace`: the exit status, or nil when the server is still
    /// running then (`stop()` kills it).
    public func terminate(waitingAtMost grace: Duration) async -> Int32? {
        process.signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if let status = process.poll() { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.poll()
    }

    /// SIGKILL, as a crash, a power cut or the OOM killer ends it: nothing of the server runs
    /// after it. Waits at most `timeout` to reap it and returns its exit status.
    @discardableResult
    public func kill(waitingAtMost timeout: Duration = .seconds(30)) async throws -> Int32 {
        process.signal(SIGKILL)
        return try await process.wait(timeout: timeout)
    }

    /// Everything the server printed.
    public var log: String { process.standardOutput }

    /// Whether the server logged an unhandled error (a 500).
    public var loggedInternalError: Bool { log.contains("Unhandled error") }

    /// The origin in `glaas: listening on http://HOST:PORT (…)`.
    static func listeningOrigin(in output: String) -> String? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("glaas: listening on http://") }) else { return nil }
        return line.dropFirst("glaas: listening on ".count).split(separator: " ").first.map(String.init)
    }
}
