import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// moto's S3-compatible server (`moto_server` from PyPI, installed by scripts/test.sh, which
/// exports its path as MOTO_SERVER), started on 127.0.0.1 for one test and killed at the end.
public final class MotoServer: @unchecked Sendable {
    public let endpoint: String
    let process: Process

    /// The moto_server executable, or nil in local development without it.
    public static var executable: String? {
        ProcessInfo.processInfo.environment["MOTO_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var available: Bool { executable != nil }

    /// Starts a server and waits (boundedly) until it accepts connections. `environment` adds
    /// variables, e.g. INITIAL_NO_AUTH_ACTION_COUNT to make it check signatures.
    public init(environment: [String: String] = [:]) throws {
        guard let executable = Self.executable else { throw ServerError("MOTO_SERVER is not set") }
        let port = try Self.freePort()
        endpoint = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // moto takes a second or a few to import its services; give up after a minute.
        for _ in 0..<600 {
            if Self.accepts(port) { return }
            guard process.isRunning else { throw ServerError("moto_server exited with status \(process.terminationStatus)") }
            usleep(100_000)
        }
        stop()
        throw ServerError("moto_server did not listen on port \(port) within a minute")
    }

    deinit { stop() }

    public func stop() {
        guard process.isRunning else { return }
        // SIGKILL: moto_server may inherit SIGTERM ignored, and it keeps nothing worth a clean exit.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A port nothing listens on right now (also what an "unreachable endpoint" test points at).
    public static func freePort() throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError("socket: \(errno)") }
        defer { close(descriptor) }
        var address = loopback(0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw ServerError("bind: \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    static func accepts(_ port: UInt16) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Why the server could not be used.
    public struct ServerError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
