import AsyncHTTPClient
import Foundation
import HTTPTypes
import LineageModel
import NIOCore
import NIOHTTP1
import Synchronization
import TestSupport

/// Sends every request to the next server in turn, so one registration's calls are spread
/// over all of them: the servers must keep no state of their own.
struct RoundRobinClient: TestHTTPClient {
    let http: HTTPClient
    let servers: [String]
    let counter = Counter()

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int {
            value.withLock {
                $0 += 1
                return $0
            }
        }
    }

    func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, auth: TestRegistry.Auth, headers: HTTPFields) async throws
        -> TestRegistry.Reply
    {
        try await send(to: servers[counter.next() % servers.count], method, path, body: body, auth: auth)
    }

    /// Sends to one server; a request without an answer within 30 s fails (never hangs).
    func send(to server: String, _ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, auth: TestRegistry.Auth = .none) async throws
        -> TestRegistry.Reply
    {
        var request = HTTPClientRequest(url: server + path)
        request.method = NIOHTTP1.HTTPMethod(rawValue: method.rawValue)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if let authorization = try auth.header(method: method, path: path, body: body) {
            request.headers.add(name: "Authorization", value: authorization)
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = Array(buffer: try await response.body.collect(upTo: 64 << 20))
        return TestRegistry.Reply(status: HTTPResponse.Status(code: Int(response.status.code)), json: TestRegistry.Reply.parse(bytes))
    }
}
