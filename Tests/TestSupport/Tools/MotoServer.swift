import Foundation
import Glibc
import Testing

/// moto's S3-compatible server (`moto_server` from PyPI, installed by scripts/test.sh, which
/// exports its path as MOTO_SERVER), started on 127.0.0.1 for one test and stopped at the end.
/// moto cannot bind port 0 and report it, so it gets a `FreePort`.
public final class MotoServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let endpoint: String
    let process: ChildProcess

    /// The moto_server executable, or nil in local development without it.
    public static var executable: String? {
        ProcessInfo.processInfo.environment["MOTO_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the moto-based tests can run.
    public static var available: Bool { executable != nil }

    /// Why they cannot, for `.enabled(if:)`.
    public static let unavailableReason: Comment = "MOTO_SERVER is unset (scripts/test.sh installs moto[server] and exports it)"

    /// Starts a server and waits (at most a minute) until it accepts connections. `environment`
    /// adds variables, e.g. INITIAL_NO_AUTH_ACTION_COUNT to make it check signatures.
    public init(environment: [String: String] = [:]) async throws {
        guard let executable = Self.executable else { throw TestFailure("MOTO_SERVER is not set") }
        let port = try FreePort.take()
        endpoint = "http://127.0.0.1:\(port)"
        process = try ChildProcess(
            [executable, "-H", "127.0.0.1", "-p", String(port)], environment: ChildProcess.environment(environment), combineOutput: true)
        // moto takes a second or a few to import its services.
        let deadline = ContinuousClock.now + .seconds(60)
        while !Self.accepts(port) {
            if let status = process.poll() { throw TestFailure("moto_server exited with status \(status)\(process.outputSummary)") }
            if ContinuousClock.now >= deadline {
                await process.stop(grace: .seconds(1))
                throw TestFailure("moto_server did not listen on port \(port) within a minute\(process.outputSummary)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Stops the server (it keeps nothing worth a clean exit) and reaps it.
    public func stop() async {
        await process.stop(grace: .seconds(2))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
