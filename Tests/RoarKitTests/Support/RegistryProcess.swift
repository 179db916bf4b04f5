import Foundation
import GLaaSClient
import Glibc

/// A real `glaas serve` (the built executable: `$GLAAS_BINARY`, else the one next to `roar`)
/// on 127.0.0.1 with a fresh SQLite registry, for tests of `roar register` and remote show.
final class RegistryProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let directory: String
    var url: String { "http://127.0.0.1:\(port)" }
    var database: String { directory + "/registry.sqlite" }

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["GLAAS_BINARY"], !path.isEmpty { return path }
        return URL(fileURLWithPath: RoarBinary.path).deletingLastPathComponent().appendingPathComponent("glaas").path
    }

    /// Starts the server on `port` (a free one by default) and waits for `/health` (at most 60 s).
    init(port: Int? = nil, directory: String? = nil) async throws {
        self.port = port ?? Self.freePort()
        self.directory = directory ?? NSTemporaryDirectory() + "roar-registry-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        let log = self.directory + "/server.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port", String(self.port), "--database", database, "--log-level", "warning"]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let client = RegistryClient(endpoint: try GLaaSEndpoint(baseURL: url, timeout: 2))
        for _ in 0..<600 {
            if (try? await client.health()) != nil { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw RegistryTestFailure("glaas at \(url) did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    /// `glaas users add NAME --key PUB`: the registry then accepts that key's signatures.
    func addUser(_ name: String, publicKeyFile: String) throws {
        let adder = Process()
        adder.executableURL = URL(fileURLWithPath: Self.binary)
        adder.arguments = ["users", "add", name, "--key", publicKeyFile, "--database", database]
        adder.standardOutput = FileHandle.nullDevice
        adder.standardError = FileHandle.nullDevice
        try adder.run()
        adder.waitUntilExit()
        guard adder.terminationStatus == 0 else { throw RegistryTestFailure("glaas users add failed") }
    }

    /// SIGTERM, then SIGKILL if it lingers; waits for the exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A port nothing listens on right now (bound, read, released).
    static func freePort() -> Int {
        let listener = SilentListener()
        defer { listener.close() }
        return listener.port
    }
}

/// A socket on 127.0.0.1 that listens and never answers: connections complete (the kernel
/// accepts them into the backlog) and then nothing comes back — a registry that hangs.
final class SilentListener: @unchecked Sendable {
    let descriptor: Int32
    let port: Int

    init() {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) } }
        _ = listen(socketDescriptor, 16)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) } }
        descriptor = socketDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}

struct RegistryTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
