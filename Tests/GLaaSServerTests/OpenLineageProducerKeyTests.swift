import Foundation
import GLaaSServer
import HTTPTypes
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Anonymous OpenLineage run groups belong to whoever holds their producer key
/// (`X-GLaaS-Producer-Key`): another anonymous sender, with another key or none, cannot join,
/// plant datasets in, or block a group even knowing its run id. Without a key an event stands
/// alone: a run's own COMPLETE or FAIL publishes just itself, anything else is acknowledged and
/// not staged. On both stores, and with many producers at once.
@Suite(.timeLimit(.minutes(5))) struct OpenLineageProducerKeyTests {
    static let runID = "5b0c1f9e-2d7a-4c8e-9f10-6a2b3c4d5e6f"
    static let victimKey = String(repeating: "v1c7", count: 10)
    static let attackerKey = String(repeating: "a77k", count: 10)

    static func event(_ type: String, run: String = runID, parent: String? = nil, inputs: [String] = [], outputs: [String] = []) -> JSONValue {
        var runObject: [String: JSONValue] = ["runId": .string(run)]
        if let parent {
            runObject["facets"] = ["parent": ["run": ["runId": .string(parent)], "job": ["namespace": "demo", "name": "pipeline"]]]
        }
        return [
            "eventType": .string(type), "eventTime": "2026-12-03T12:00:00Z", "producer": "https://example.com/producer",
            "run": .object(runObject), "job": ["namespace": "demo", "name": "train"],
            "inputs": .array(inputs.map { ["namespace": "file", "name": .string($0)] }),
            "outputs": .array(outputs.map { ["namespace": "file", "name": .string($0)] }),
        ]
    }

    static func send(_ client: any TestHTTPClient, _ event: JSONValue, key: String?) async throws -> TestRegistry.Reply {
        var headers = HTTPFields()
        if let key { headers[HTTPField.Name("X-GLaaS-Producer-Key")!] = key }
        return try await client.send(.post, "/api/v1/lineage", body: CanonicalJSON.bytes(event), auth: .none, headers: headers)
    }

    static func paths(_ registry: TestRegistry, _ reply: TestRegistry.Reply) async throws -> Set<String> {
        guard let hash = reply.json["lineage_hash"]?.stringValue else { throw TestFailure("no lineage hash in \(reply.json)") }
        let jobs = try await registry.store.jobs(inLineage: hash)
        return Set(jobs.flatMap { ($0.job.inputs + $0.job.outputs).compactMap(\.path) })
    }

    @Test(arguments: StoreKind.available)
    func anotherSenderCannotJoinPlantInOrBlockAKeyedGroup(store: StoreKind) async throws {
        let registry = try await TestRegistry(store)
        try await registry.run { client in
            // The victim opens its group; the datasets of its START must reach its lineage.
            #expect(try await Self.send(client, Self.event("START", inputs: ["/data/in.csv"]), key: Self.victimKey).status.code == 200)
            // Same run id, other key: a group of the attacker's own.
            let planted = Self.event("START", outputs: ["/evil/planted.csv"])
            #expect(try await Self.send(client, planted, key: Self.attackerKey).status.code == 200)
            // Same run id, no key, as a START and as a child run of the victim's group: not staged anywhere.
            let keyless = try await Self.send(client, planted, key: nil)
            #expect(keyless.status == .accepted && keyless.json["status"] == "ignored", "\(keyless.json)")
            let child = Self.event("COMPLETE", run: "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f", parent: Self.runID, outputs: ["/evil/child.csv"])
            #expect(try await Self.send(client, child, key: nil).json["status"] == "ignored")
            // The attacker publishes first: its own lineage, which does not close the victim's group.
            let attacker = try await Self.send(client, Self.event("COMPLETE"), key: Self.attackerKey)
            #expect(try await Self.paths(registry, attacker) == ["/evil/planted.csv"])

            let victim = try await Self.send(client, Self.event("COMPLETE", outputs: ["/data/out.csv"]), key: Self.victimKey)
            #expect(victim.status == .ok && victim.json["status"] == "published", "\(victim.json)")
            #expect(try await Self.paths(registry, victim) == ["/data/in.csv", "/data/out.csv"])
            let victimHash = try #require(victim.json["lineage_hash"]?.stringValue)
            let record = try #require(try await registry.store.lineageRecord(hash: victimHash))
            #expect(record.lineage.creatorIdentity == "anonymous")
        }
    }

    @Test(arguments: StoreKind.available)
    func withoutAKeyAnEventStandsAlone(store: StoreKind) async throws {
        let registry = try await TestRegistry(store)
        try await registry.run { client in
            let start = try await Self.send(client, Self.event("START", inputs: ["/data/in.csv"]), key: nil)
            #expect(start.status == .accepted && start.json["reason"]?.stringValue?.contains("X-GLaaS-Producer-Key") == true)
            #expect(try await registry.store.count(table: "registration_sessions") == 0)
            let complete = Self.event("COMPLETE", inputs: ["/data/in.csv"], outputs: ["/data/out.csv"])
            let first = try await Self.send(client, complete, key: nil)
            #expect(first.json["status"] == "published", "\(first.json)")
            #expect(try await Self.paths(registry, first) == ["/data/in.csv", "/data/out.csv"])
            let again = try await Self.send(client, complete, key: nil)
            #expect(again.json["lineage_hash"] == first.json["lineage_hash"] && again.json["created"] == false)
        }
    }

    @Test func badKeysAre400sAndWriteNothing() async throws {
        let registry = try await TestRegistry(.sqlite)
        try await registry.run { client in
            for key in ["short", String(repeating: "k", count: 257), String(repeating: "k", count: 31), "with a space " + Self.victimKey] {
                let reply = try await Self.send(client, Self.event("COMPLETE"), key: key)
                #expect(reply.status == .badRequest && reply.message?.contains("X-GLaaS-Producer-Key") == true, "\(key.count): \(reply.json)")
            }
            var twice = HTTPFields()
            twice.append(HTTPField(name: HTTPField.Name("X-GLaaS-Producer-Key")!, value: Self.victimKey))
            twice.append(HTTPField(name: HTTPField.Name("X-GLaaS-Producer-Key")!, value: Self.attackerKey))
            let reply = try await client.send(
                .post, "/api/v1/lineage", body: CanonicalJSON.bytes(Self.event("COMPLETE")), auth: .none, headers: twice)
            #expect(reply.status == .badRequest, "\(reply.json)")
            #expect(try await registry.store.count(table: "registration_sessions") == 0)
            #expect(try await registry.store.count(table: "lineages") == 0)
        }
    }

    /// Twelve producers at once, all with the same run id, each with its key: twelve groups,
    /// each published with exactly its own datasets.
    @Test(arguments: StoreKind.available)
    func concurrentProducersWithTheSameRunIDKeepTheirOwnGroups(store: StoreKind) async throws {
        let registry = try await TestRegistry(store)
        try await registry.run { client in
            let published = try await withThrowingTaskGroup(of: (Int, TestRegistry.Reply).self) { group in
                for producer in 0..<12 {
                    group.addTask {
                        let key = String(repeating: String(format: "%02d", producer), count: 20)
                        _ = try await Self.send(client, Self.event("START", inputs: ["/in/\(producer).csv"]), key: key)
                        return (producer, try await Self.send(client, Self.event("COMPLETE", outputs: ["/out/\(producer).csv"]), key: key))
                    }
                }
                return try await group.reduce(into: [Int: TestRegistry.Reply]()) { $0[$1.0] = $1.1 }
            }
            for (producer, reply) in published {
                #expect(try await Self.paths(registry, reply) == ["/in/\(producer).csv", "/out/\(producer).csv"], "producer \(producer)")
            }
        }
    }
}
