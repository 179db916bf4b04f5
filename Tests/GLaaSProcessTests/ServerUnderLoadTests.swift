import AsyncHTTPClient
import Foundation
import HTTPTypes
import LineageModel
import NIOCore
import Synchronization
import TestSupport
import Testing

/// Many keep-alive clients on every read route and on registration must never hang the server:
/// once the load stops, `/api/v1/health` answers within a second, and SIGTERM stops the process
/// within five. (A SQLite store whose reads blocked the cooperative threads stopped answering for
/// good after a few seconds of 8 such clients.)
@Suite(.everyStore, .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason), .serialized, .timeLimit(.minutes(5)))
struct ServerUnderLoadTests {
    static let clients = 64
    static let duration: Duration = .seconds(10)

    /// Answers by kind, across every client.
    final class Tally: Sendable {
        let counts = Mutex<[String: Int]>([:])

        func add(_ key: String) { counts.withLock { $0[key, default: 0] += 1 } }
        var snapshot: [String: Int] { counts.withLock { $0 } }
    }

    /// The read routes, on a lineage the server has.
    static func readRoutes(_ pipeline: SamplePipeline, lineage: String) -> [String] {
        let model = pipeline.model
        return [
            "/api/v1/public/artifacts/\(model.prefix(16))", "/api/v1/artifacts/\(model)/lineage", "/api/v1/artifacts/\(model)/dag",
            "/api/v1/public/sessions/\(lineage)/reproduction", "/api/v1/sessions?limit=5", "/api/graph/v1/artifacts/\(model)",
            "/api/graph/v1/artifacts/\(pipeline.data)/downstream?depth=5", "/api/graph/v1/artifacts/\(model)/upstream?depth=5",
            "/api/graph/v1/artifacts/\(pipeline.data)/terminal-descendants", "/api/graph/v1/lineages/\(lineage)",
            "/api/graph/v1/artifacts?path=model", "/api/graph/v1/jobs?command=train", "/web/dag/\(lineage)", "/web/artifacts/\(model)",
            "/web/search?q=model", "/",
        ]
    }

    @Test(arguments: StoreKind.available)
    func keepAliveClientsOnEveryRouteNeverHangTheServer(kind: StoreKind) async throws {
        let database = kind == .postgres ? try await StoreKind.makeScratchPostgresURL() : nil
        let server = try await GlaasProcess.start(database: database)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.clients
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let client = RoundRobinClient(http: http, servers: [server.url])
            let seed = SamplePipeline(tag: "load-seed")
            let lineage = try #require(try await seed.register(client).hash)
            let routes = Self.readRoutes(seed, lineage: lineage)
            let tally = Tally()
            let deadline = ContinuousClock.now + Self.duration
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<Self.clients {
                    group.addTask {
                        var round = 0
                        while ContinuousClock.now < deadline {
                            round += 1
                            do {
                                if index % 8 == 7 {
                                    // Registration: a new lineage each round.
                                    let registration = try await SamplePipeline(tag: "load-\(index)-\(round)").register(client)
                                    tally.add("register \(registration.finalize.status.code)")
                                } else {
                                    let route = routes[(index + round) % routes.count]
                                    let reply = try await client.send(to: server.url, .get, route)
                                    tally.add(reply.status.code < 500 ? "read \(reply.status.code / 100)xx" : "read \(reply.status.code) \(route)")
                                }
                            } catch {
                                tally.add("failed: \(error)")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let answers = tally.snapshot
            print("under load (\(kind)): \(answers.sorted { $0.key < $1.key })")
            #expect(answers.keys.allSatisfy { $0 == "read 2xx" || $0 == "register 200" }, "\(answers)")
            #expect((answers["read 2xx"] ?? 0) > 0 && (answers["register 200"] ?? 0) > 0)

            // Right after the load: health within a second.
            let health = try await http.execute(HTTPClientRequest(url: server.url + "/api/v1/health"), timeout: .seconds(1))
            #expect(health.status == .ok)
            _ = try await health.body.collect(upTo: 1 << 16)
            #expect(!server.loggedInternalError, "\(server.log)")
        } catch {
            try? await http.shutdown()
            await server.stop()
            throw error
        }
        try await http.shutdown()
        // SIGTERM stops it within five seconds (a hung server ignored it).
        let status = await server.terminate(waitingAtMost: .seconds(5))
        #expect(status != nil, "glaas serve still ran 5 s after SIGTERM")
        await server.stop()
    }
}
