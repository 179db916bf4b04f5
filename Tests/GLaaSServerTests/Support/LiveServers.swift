import AsyncHTTPClient
import Foundation
import HTTPTypes
import LineageModel
import NIOCore
import NIOHTTP1

/// `glaas serve` child processes on one database, for tests of several stateless servers.
final class LiveServer: @unchecked Sendable {
    let process = Process()
    let url: String
    let log: URL

    init(binary: String, database: String) throws {
        let port = Int.random(in: 20_000..<60_000)
        url = "http://127.0.0.1:\(port)"
        log = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-live-\(port)-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", String(port), "--database", database, "--log-level", "warning"]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Waits until `/health` answers (at most 60 s).
    func waitUntilReady(_ client: HTTPClient) async throws {
        for _ in 0..<600 {
            if let response = try? await client.execute(HTTPClientRequest(url: url + "/api/v1/health"), timeout: .seconds(1)), response.status == .ok {
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("glaas at \(url) did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    /// SIGTERM, then reap (waitpid: see ChildProcess).
    func stop() {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) != 0 { return }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
    }

    /// Whether the server logged an unhandled error (a 500).
    var loggedInternalError: Bool {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("Unhandled error")
    }
}

/// Sends every request to the next server in turn, so one registration's calls are spread
/// over all of them: the servers must keep no state of their own.
struct RoundRobinClient: RegistryClient {
    let http: HTTPClient
    let servers: [String]
    let counter = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }

    func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, auth: TestRegistry.Auth, headers: HTTPFields) async throws -> TestRegistry.Reply {
        try await send(to: servers[counter.next() % servers.count], method, path, body: body, auth: auth)
    }

    /// Sends to one server; a request without an answer within 30 s fails (never hangs).
    func send(to server: String, _ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, auth: TestRegistry.Auth = .none) async throws -> TestRegistry.Reply {
        var request = HTTPClientRequest(url: server + path)
        request.method = NIOHTTP1.HTTPMethod(rawValue: method.rawValue)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if let authorization = try auth.header(method: method, path: path, body: body) { request.headers.add(name: "Authorization", value: authorization) }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = Array(buffer: try await response.body.collect(upTo: 64 << 20))
        let json = bytes.isEmpty ? JSONValue.null : ((try? JSONParser.parse(bytes)) ?? .string(String(decoding: bytes, as: UTF8.self)))
        return TestRegistry.Reply(status: HTTPResponse.Status(code: Int(response.status.code)), json: json)
    }
}

/// Runs a program to completion without Foundation's Process, whose waitUntilExit can hang
/// when the child leaves a daemon behind.
enum ChildProcess {
    static func run(_ arguments: [String]) throws -> Int32 {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, arguments[0], nil, nil, argv, environ)
        guard spawned == 0 else { throw TestFailure("cannot run \(arguments[0]): \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
