import Foundation
import GLaaSServer
import TestSupport
import Testing

/// A client that holds a connection or a request open costs the server a bounded amount: half
/// a request head is closed after the idle timeout, requests beyond the in-flight limit and
/// bodies beyond the body memory are answered 503 with Retry-After, and a declared body over the
/// route's limit is refused before it is read. All waits are bounded; no timing is asserted.
@Suite(.enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason), .serialized, .timeLimit(.minutes(3)))
struct ConnectionLimitTests {
    static let head = "Host: 127.0.0.1\r\n"

    @Test func halfARequestHeadIsClosedAfterTheIdleTimeout() async throws {
        try await GlaasProcess.with(arguments: ["--idle-timeout", "1"]) { server in
            let half = try await RawConnection.open(port: server.port)
            try await half.send("GET /api/v1/health HTTP/1.1\r\n\(Self.head)")
            #expect(try await half.wait(atMost: .seconds(30)) { $0.isClosed }, "a connection that sent half its head stayed open")
            #expect(!half.text.contains("200 OK"))
            // Header lines sent one at a time never complete a head: still closed.
            let trickle = try await RawConnection.open(port: server.port)
            try await trickle.send("GET /api/v1/health HTTP/1.1\r\n")
            let closed = try await trickle.wait(atMost: .seconds(30)) { connection in
                try? await Task.sleep(for: .milliseconds(200))
                _ = try? await connection.send("X-Slow: 1\r\n")
                return connection.isClosed
            }
            #expect(closed, "a connection trickling header lines stayed open")
            // A complete request is answered, then the idle connection is closed.
            let whole = try await RawConnection.open(port: server.port)
            try await whole.send("GET /api/v1/health HTTP/1.1\r\n\(Self.head)\r\n")
            #expect(try await whole.response(waitingAtMost: .seconds(30))?.contains("200 OK") == true)
            #expect(try await whole.wait(atMost: .seconds(30)) { $0.isClosed })
        }
    }

    @Test func requestsBeyondTheInFlightLimitAreAnswered503WithRetryAfter() async throws {
        try await GlaasProcess.with(arguments: ["--max-in-flight", "1"]) { server in
            // A request whose body stops part way stays in flight. The server may take up a probe
            // before it (connections are served by several threads), and then refuses the held
            // request instead: it is sent again until it is the one in flight.
            var held: RawConnection?
            var refused: String?
            let deadline = ContinuousClock.now + .seconds(30)
            while refused == nil, ContinuousClock.now < deadline {
                if held == nil || held?.text.isEmpty == false {
                    await held?.close()
                    held = try await RawConnection.open(port: server.port)
                    try await held?.send(
                        "POST /api/v1/lineage HTTP/1.1\r\n\(Self.head)Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                }
                if let answer = try await Self.response(port: server.port, path: "/api/v1/sessions?limit=1"), answer.contains(" 503 ") {
                    refused = answer
                }
            }
            let heldRequest = try #require(held)
            #expect(refused?.contains("Retry-After: 1") == true, "\(refused ?? "no 503 while a request was in flight")")
            #expect(refused?.contains("SERVICE_UNAVAILABLE") == true)
            // Health is exempt: an overloaded server still says it is alive.
            #expect(try await Self.response(port: server.port, path: "/api/v1/health")?.contains("200 OK") == true)
            // Once the held request completes, requests are served again.
            try await heldRequest.send(String(repeating: " ", count: 99))
            #expect(try await heldRequest.response(waitingAtMost: .seconds(30)) != nil)
            let served = try await Self.firstResponse(port: server.port, path: "/api/v1/sessions?limit=1") { $0.contains("200 OK") }
            #expect(served != nil)
        }
    }

    @Test func bodiesBeyondTheBodyMemoryAreAnswered503() async throws {
        try await GlaasProcess.with(arguments: ["--body-memory", "64"]) { server in
            // Eight OpenLineage events of 8 MiB declared, each sending one byte: the 64 MiB held.
            // One the server took up after a probe was refused for want of room: it is sent again.
            var held: [RawConnection] = []
            var refused: String?
            let deadline = ContinuousClock.now + .seconds(30)
            while refused == nil, ContinuousClock.now < deadline {
                for connection in held where !connection.text.isEmpty { await connection.close() }
                held.removeAll { !$0.text.isEmpty }
                while held.count < 8 {
                    let connection = try await RawConnection.open(port: server.port)
                    try await connection.send(Self.lineagePost(length: BodyLimit.document.bytes) + "{")
                    held.append(connection)
                }
                let extra = try await RawConnection.open(port: server.port)
                try await extra.send(Self.lineagePost(length: 1 << 20) + "{")
                if let answer = try await extra.response(waitingAtMost: .seconds(2)), answer.contains(" 503 ") { refused = answer }
                await extra.close()
            }
            #expect(refused?.contains("Retry-After") == true, "\(refused ?? "no 503 with 64 MiB of bodies held")")
            #expect(refused?.contains("request bodies") == true)
            // A request without a body is not held back by them.
            #expect(try await Self.response(port: server.port, path: "/api/v1/sessions?limit=1")?.contains("200 OK") == true)
            for connection in held { await connection.close() }
        }
    }

    @Test func aDeclaredBodyOverTheRouteLimitIsRefusedBeforeItIsSent() async throws {
        try await GlaasProcess.with { server in
            let connection = try await RawConnection.open(port: server.port)
            // Signed or not, nothing of the body is sent: the answer comes from the head alone.
            try await connection.send(
                Self.lineagePost(length: BodyLimit.document.bytes + 1, extra: "Authorization: Signature keyid=\"k\" ts=\"1\" sig=\"s\"\r\n"))
            let answer = try await connection.response(waitingAtMost: .seconds(30))
            #expect(answer?.contains(" 413 ") == true, "\(answer ?? "no answer")")
            #expect(try await Self.response(port: server.port, path: "/api/v1/health")?.contains("200 OK") == true)
        }
    }

    static func lineagePost(length: Int, extra: String = "") -> String {
        "POST /api/v1/lineage HTTP/1.1\r\n\(head)\(extra)Content-Type: application/json\r\nContent-Length: \(length)\r\n\r\n"
    }

    /// One GET on a new connection: the response text, or nil when none came within 30 s.
    static func response(port: Int, path: String) async throws -> String? {
        let connection = try await RawConnection.open(port: port)
        try await connection.send("GET \(path) HTTP/1.1\r\n\(head)Connection: close\r\n\r\n")
        _ = try await connection.wait(atMost: .seconds(30)) { $0.isClosed }
        await connection.close()
        return connection.text.isEmpty ? nil : connection.text
    }

    /// Repeats a GET (at most 30 s) until a response satisfies `accept`.
    static func firstResponse(port: Int, path: String, accept: (String) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let text = try await response(port: port, path: path), accept(text) { return text }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
