import AsyncHTTPClient
import Foundation
import LineageModel
import LineageStore
import SQLiteLineageStore
import Synchronization
import TestSupport
import Testing

/// `glaas serve` killed with SIGKILL while 8 clients register: once restarted on the same
/// database, every lineage whose finalize was acknowledged is complete, every other one is
/// either whole or absent (a publication is one transaction), and SQLite's file passes
/// `PRAGMA integrity_check`, both as the kill left it and after the restart.
@Suite(.everyStore, .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason), .serialized, .timeLimit(.minutes(5)))
struct CrashSafetyTests {
    static let clients = 8
    /// Acknowledged finalizes to wait for before the kill (the registrations go on meanwhile).
    static let acknowledgedBeforeKill = 16

    /// What the clients did: the pipelines they began, the lineages acknowledged to them, and
    /// any answer other than success before the kill.
    final class Ledger: Sendable {
        struct State: Sendable {
            var begun: [SamplePipeline] = []
            var acknowledged: [(pipeline: SamplePipeline, hash: String)] = []
            var refusals: [String] = []
            /// Set just before the SIGKILL: answers after it are the kill's doing.
            var killed = false
        }
        let state = Mutex(State())
        var acknowledgedCount: Int { state.withLock { $0.acknowledged.count } }
        var killed: Bool { state.withLock { $0.killed } }
    }

    @Test(arguments: StoreKind.available)
    func everyAcknowledgedLineageSurvivesAKillAndNothingIsHalfPublished(kind: StoreKind) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-crash-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let database = kind == .postgres ? try await StoreKind.makeScratchPostgresURL() : scratch + "/registry.sqlite"
        let ledger = Ledger()
        try await Self.withHTTPClient { http in
            let server = try await GlaasProcess.start(database: database)
            do {
                try await Self.registerUntilKilled(server, http: http, ledger: ledger)
            } catch {
                await server.stop()
                throw error
            }
        }
        let state = ledger.state.withLock { $0 }
        #expect(state.refusals.isEmpty, "answers other than success before the kill: \(state.refusals)")
        #expect(state.acknowledged.count >= Self.acknowledgedBeforeKill)
        if kind == .sqlite { try await Self.expectIntegrity(database, when: "as the kill left it") }

        let acknowledged = Set(state.acknowledged.map(\.pipeline.tag))
        let unacknowledged = state.begun.filter { !acknowledged.contains($0.tag) }
        var present = 0
        try await Self.withHTTPClient { http in
            try await GlaasProcess.with(database: database) { server in
                let client = RoundRobinClient(http: http, servers: [server.url])
                for (pipeline, hash) in state.acknowledged {
                    let found = try await Self.lineage(of: pipeline, client: client)
                    #expect(found == hash, "acknowledged lineage \(hash) (\(pipeline.tag)) is not complete after the restart")
                }
                for pipeline in unacknowledged where try await Self.lineage(of: pipeline, client: client) != nil { present += 1 }
                #expect(!server.loggedInternalError, "\(server.log)")
            }
        }
        print(
            "crash (\(kind)): \(state.acknowledged.count) acknowledged, \(unacknowledged.count) in flight at the kill, \(present) of those published")

        // Nothing half published: every stored lineage has all its rows (3 jobs, 2 inputs,
        // 3 outputs, 3 artifacts of its own, one publication), and no other is stored.
        let store: any RegistryStore & StoreMaintenance =
            kind == .postgres ? try await StoreKind.openPostgres(database) : try SQLiteStore(path: database)
        let lineages = try await store.count(table: "lineages")
        #expect(lineages == state.acknowledged.count + present)
        for (table, each) in [("jobs", 3), ("job_inputs", 2), ("job_outputs", 3), ("artifacts", 3), ("lineage_artifacts", 3), ("publications", 1)] {
            #expect(try await store.count(table: table) == lineages * each, "\(table) for \(lineages) lineages")
        }
        if kind == .sqlite { try await Self.expectIntegrity(database, when: "after the restart") }
    }

    /// 8 clients register until the server dies; it is killed once enough finalizes are acknowledged.
    static func registerUntilKilled(_ server: GlaasProcess, http: HTTPClient, ledger: Ledger) async throws {
        let client = RoundRobinClient(http: http, servers: [server.url])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<clients {
                group.addTask {
                    for round in 0... {
                        let pipeline = SamplePipeline(tag: "crash-\(index)-\(round)")
                        ledger.state.withLock { $0.begun.append(pipeline) }
                        guard let registration = try? await pipeline.register(client) else { return } // the server is gone
                        if registration.finalize.status == .ok, let hash = registration.hash {
                            ledger.state.withLock { $0.acknowledged.append((pipeline, hash)) }
                        } else if !ledger.killed {
                            ledger.state.withLock {
                                $0.refusals.append("\(pipeline.tag): \(registration.finalize.status) \(registration.finalize.json)")
                            }
                        }
                        if ledger.killed { return }
                    }
                }
            }
            let deadline = ContinuousClock.now + .seconds(120)
            while ledger.acknowledgedCount < acknowledgedBeforeKill && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            ledger.state.withLock { $0.killed = true }
            let status = try await server.kill()
            #expect(status == 128 + SIGKILL, "glaas serve ended with \(status), not by SIGKILL")
            try await group.waitForAll()
        }
    }

    /// The lineage a pipeline was published in, when it is there whole (its three jobs with
    /// their edges, its three artifacts); nil when none of it is; a failure when part of it is.
    static func lineage(of pipeline: SamplePipeline, client: RoundRobinClient) async throws -> String? {
        let digests = [pipeline.data, pipeline.model, pipeline.metrics]
        var hashes: [String?] = []
        for digest in digests {
            let reply = try await client.send(.get, "/api/v1/public/artifacts/\(digest)")
            #expect(reply.status == .ok || reply.status == .notFound, "\(digest): \(reply.status)")
            hashes.append(reply.status == .ok ? reply.data["originalSessionHash"]?.stringValue ?? "no lineage" : nil)
        }
        guard let hash = hashes[0] else {
            #expect(hashes.allSatisfy { $0 == nil }, "\(pipeline.tag): half published: \(hashes)")
            return nil
        }
        #expect(hashes.allSatisfy { $0 == hash }, "\(pipeline.tag): its artifacts name \(hashes)")
        let reproduction = try await client.send(.get, "/api/v1/public/sessions/\(hash)/reproduction")
        let jobs = reproduction.data["jobs"]?.arrayValue ?? []
        let edges = jobs.reduce(0) { $0 + ($1["inputs"]?.arrayValue?.count ?? 0) + ($1["outputs"]?.arrayValue?.count ?? 0) }
        guard reproduction.status == .ok, jobs.count == 3, edges == pipeline.links.count else {
            Issue.record("\(pipeline.tag): lineage \(hash) is incomplete: \(reproduction.status) \(reproduction.json)")
            return nil
        }
        return hash
    }

    /// `PRAGMA integrity_check` on the SQLite file, opened read-only by the sqlite3 shell.
    static func expectIntegrity(_ path: String, when: String) async throws {
        guard let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            print("skipped: PRAGMA integrity_check \(when) (no sqlite3 shell; scripts/test.sh installs it)")
            return
        }
        let output = try await ChildProcess.checked([sqlite3, "-readonly", path, "PRAGMA integrity_check;"], timeout: .seconds(60))
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "integrity_check \(when): \(output)")
    }

    static func withHTTPClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = clients
        configuration.timeout.connect = .seconds(5)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(http)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}
