import AsyncHTTPClient
import Foundation
import HTTPTypes
import LineageModel
import LineageStore
import Synchronization
import TestSupport
import Testing

/// Several stateless glaas processes on one PostgreSQL database. Runs when the test command
/// provides a cluster (`GLAAS_TEST_POSTGRES_URL`) and the glaas executable is built.
@Suite(
    .enabled(if: StoreKind.postgresURL != nil, "needs GLAAS_TEST_POSTGRES_URL (scripts/test.sh starts a cluster)"),
    .enabled(if: GlaasProcess.available, "needs the glaas executable (swift build, or GLAAS_BINARY)"), .timeLimit(.minutes(10)))
struct MultiServerTests {

    @Test func eightClientsThroughTwoServersLoseAndDuplicateNothing() async throws {
        let database = try await StoreKind.makeScratchPostgresURL()
        try await Self.withHTTPClient { http in
            try await GlaasProcess.with(2, database: database) { servers in
                let client = RoundRobinClient(http: http, servers: servers.map(\.url))
                let clients = 8
                let perClient = 100

                let hashes = try await withThrowingTaskGroup(of: [String].self) { group in
                    for index in 0..<clients {
                        group.addTask {
                            var hashes: [String] = []
                            for round in 0..<perClient {
                                let registration = try await SamplePipeline(tag: "c\(index)-r\(round)").register(client)
                                guard registration.finalize.status == .ok, let hash = registration.hash else {
                                    throw TestFailure("client \(index) round \(round): \(registration.finalize.status) \(registration.finalize.json)")
                                }
                                hashes.append(hash)
                            }
                            return hashes
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(hashes.count == clients * perClient)
                #expect(Set(hashes).count == clients * perClient)

                let store = try await Self.store(database)
                #expect(try await store.count(table: "lineages") == clients * perClient)
                #expect(try await store.count(table: "jobs") == clients * perClient * 3)

                // Every lineage reads back the same from either server.
                for hash in hashes {
                    for server in servers {
                        let reply = try await client.send(to: server.url, .get, "/api/v1/public/sessions/\(hash)/reproduction")
                        #expect(reply.status == .ok && reply.data["jobs"]?.arrayValue?.count == 3, "\(hash) on \(server.url): \(reply.status)")
                    }
                }

                // Finalize of one session racing on both servers yields one lineage.
                for race in 0..<10 {
                    let pipeline = SamplePipeline(tag: "race-\(race)")
                    let (id, auth) = try await client.openAnonymousSession()
                    let base = "/api/v1/registration-sessions/\(id)"
                    let staged = try await client.send(.post, "\(base)/jobs/batch", json: ["jobs": pipeline.jobs], auth: auth)
                    #expect(staged.status.code < 300, "staging jobs: \(staged.status) \(staged.json)")
                    for (step, side, hash, path) in pipeline.links {
                        let linked = try await client.send(
                            .post, "\(base)/jobs/\(pipeline.uid(step))/\(side)",
                            json: ["artifacts": [["hash": .string(hash), "path": .string(path)]]], auth: auth)
                        #expect(linked.status.code < 300, "linking: \(linked.status) \(linked.json)")
                    }
                    let body = CanonicalJSON.bytes(pipeline.finalizeBody)
                    async let first = client.send(to: servers[0].url, .post, "\(base)/finalize", body: body, auth: auth)
                    async let second = client.send(to: servers[1].url, .post, "\(base)/finalize", body: body, auth: auth)
                    let (a, b) = try await (first, second)
                    #expect(a.status == .ok && b.status == .ok, "\(a.json) \(b.json)")
                    #expect(a.data["published_session_hash"] == b.data["published_session_hash"])
                }
                #expect(try await store.count(table: "lineages") == clients * perClient + 10)
                #expect(!servers.contains { $0.loggedInternalError }, "\(servers.map(\.log))")
            }
        }
    }

    /// On a cluster of its own: a restart of the shared one would cut the connections of every
    /// suite running beside this one.
    @Test(.enabled(if: PrivatePostgres.available, "needs the PostgreSQL server binaries"))
    func aDatabaseRestartIsARetryableErrorAndLeavesNoHalfLineage() async throws {
        let cluster = try await PrivatePostgres.start()
        do {
            try await Self.registerThroughARestart(of: cluster)
            await cluster.stop()
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// Four clients register through two servers while `cluster` restarts.
    static func registerThroughARestart(of cluster: PrivatePostgres) async throws {
        let database = cluster.url
        try await withHTTPClient { http in
            try await GlaasProcess.with(2, database: database) { servers in
                let client = RoundRobinClient(http: http, servers: servers.map(\.url))
                let statuses = StatusLog()

                async let restart: Void = {
                    try await Task.sleep(for: .seconds(2))
                    try await cluster.restart()
                }()
                let hashes = try await withThrowingTaskGroup(of: [String].self) { group in
                    for index in 0..<4 {
                        group.addTask {
                            var hashes: [String] = []
                            for round in 0..<40 {
                                hashes.append(
                                    try await registerRetrying(SamplePipeline(tag: "f\(index)-r\(round)"), client: client, statuses: statuses))
                            }
                            return hashes
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                try await restart
                #expect(Set(hashes).count == 160)
                #expect(statuses.unexpected.isEmpty, "answers other than 2xx or 503: \(statuses.unexpected.prefix(5))")
                // Whatever was interrupted is invisible: every stored lineage is complete.
                let store = try await Self.store(database)
                #expect(try await store.count(table: "lineages") == 160)
                #expect(try await store.count(table: "jobs") == 160 * 3)
                #expect(try await store.count(table: "job_outputs") == 160 * 3)
                #expect(!servers.contains { $0.loggedInternalError }, "\(servers.map(\.log))")
                print("database restart: \(statuses.unavailable) requests answered 503 and were retried")
            }
        }
    }

    /// Registers, starting over on a 503 (as a client would); anything but 2xx or 503 is logged.
    static func registerRetrying(_ pipeline: SamplePipeline, client: RoundRobinClient, statuses: StatusLog) async throws -> String {
        for _ in 0..<60 {
            let recording = RecordingClient(inner: client, statuses: statuses)
            if let registration = try? await pipeline.register(recording), registration.finalize.status == .ok, let hash = registration.hash,
                !recording.sawUnavailable
            {
                return hash
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw TestFailure("could not register \(pipeline.tag) within 60 attempts")
    }

    /// Runs `body` with an HTTP client that is shut down however `body` ends (a client left
    /// running traps in its deinit, which would turn a failed expectation into a crash).
    static func withHTTPClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(http)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    static func store(_ url: String) async throws -> any RegistryStore & StoreMaintenance {
        try await StoreKind.openPostgres(url)
    }
}

/// Statuses answered to the fault test's clients.
final class StatusLog: Sendable {
    private let state = Mutex<(unavailable: Int, unexpected: [String])>((0, []))
    var unavailable: Int { state.withLock { $0.unavailable } }
    var unexpected: [String] { state.withLock { $0.unexpected } }

    func record(_ reply: TestRegistry.Reply, path: String) {
        state.withLock { state in
            if reply.status == .serviceUnavailable {
                state.unavailable += 1
            } else if reply.status.code >= 500 || (reply.status.code >= 400 && !Self.acceptable(reply, path: path)) {
                state.unexpected.append("\(path) → \(reply.status.code) \(reply.message ?? "")")
            }
        }
    }

    /// After a 503 mid-registration the next steps of that abandoned session may answer 4xx
    /// (e.g. a link to a job whose staging was lost); those are the client's to retry, not faults.
    /// A session whose creation answered 503 has no id and no token (`SamplePipeline` goes on
    /// with "missing"), so its steps answer 401.
    static func acceptable(_ reply: TestRegistry.Reply, path: String) -> Bool {
        if path.hasPrefix("/api/v1/registration-sessions/missing/") && reply.status == .unauthorized { return true }
        return path.contains("/registration-sessions/") && (reply.status == .notFound || reply.status == .badRequest || reply.status == .conflict)
    }
}

/// Passes requests through and notes what came back.
final class RecordingClient: TestHTTPClient {
    let inner: RoundRobinClient
    let statuses: StatusLog
    private let unavailable = Mutex(false)
    var sawUnavailable: Bool { unavailable.withLock { $0 } }

    init(inner: RoundRobinClient, statuses: StatusLog) {
        self.inner = inner
        self.statuses = statuses
    }

    func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, auth: TestRegistry.Auth, headers: HTTPFields) async throws
        -> TestRegistry.Reply
    {
        let reply = try await inner.send(method, path, body: body, auth: auth, headers: headers)
        statuses.record(reply, path: path)
        if reply.status == .serviceUnavailable { unavailable.withLock { $0 = true } }
        return reply
    }
}
