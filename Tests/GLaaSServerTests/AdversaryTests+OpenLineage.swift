import Foundation
import HTTPTypes
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Attack 7: OpenLineage run groups.
extension AdversaryTests {
    static let signedRunID = "7e57a11c-0b5e-4c1d-9a2f-3b4c5d6e7f80"

    /// An event of the signed producer's run.
    static func runEvent(_ type: String, _ inputs: [String], _ outputs: [String]) -> JSONValue {
        OpenLineageProducerKeyTests.event(type, run: signedRunID, inputs: inputs, outputs: outputs)
    }

    /// The datasets of the jobs of the lineage a reply published.
    static func publishedPaths(_ registry: TestRegistry, _ reply: TestRegistry.Reply) async throws -> Set<String> {
        let hash = try #require(reply.json["lineage_hash"]?.stringValue, "no lineage in \(reply.status) \(reply.json)")
        return Set(try await registry.store.jobs(inLineage: hash).flatMap { ($0.job.inputs + $0.job.outputs).compactMap(\.path) })
    }

    /// Sends an event with the signed producer's run id as an anonymous sender would: with no
    /// producer key, or with one of its own.
    static func sendAnonymously(_ client: some TestHTTPClient, _ event: JSONValue, key: String?) async throws -> TestRegistry.Reply {
        var headers = HTTPFields()
        if let key { headers[HTTPField.Name("X-GLaaS-Producer-Key")!] = key }
        return try await client.send(.post, "/api/v1/lineage", body: CanonicalJSON.bytes(event), auth: .none, headers: headers)
    }

    /// Anonymous senders who know a signed producer's run id, keyless or with a key of their
    /// own, before and while its run is open, as a START, as a COMPLETE and as a child run:
    /// none joins its group or plants a dataset in it, and the producer then publishes it (not a
    /// 409) with exactly its own datasets, as its own.
    @Test(arguments: StoreKind.available)
    func anonymousEventsNeitherJoinNorBlockASignedProducersRun(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let user = try await registry.addUser("alice", signer: alice)
        let attackerKey = String(repeating: "squa77er", count: 5)
        try await registry.run { client in
            // Squatting first: the run id before its producer sends anything.
            for key in [nil, attackerKey] {
                _ = try await Self.sendAnonymously(client, Self.runEvent("START", [], ["/evil/first.csv"]), key: key)
            }
            let start = try await client.send(.post, "/api/v1/lineage", json: Self.runEvent("START", ["/data/in.csv"], []), auth: .ssh(alice))
            #expect(start.status == .ok, "\(start.json)")
            // Joining while it is open: events of the same run, a child run, a COMPLETE.
            let child = OpenLineageProducerKeyTests.event(
                "COMPLETE", run: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", parent: Self.signedRunID, outputs: ["/evil/child.csv"])
            for key in [nil, attackerKey] {
                _ = try await Self.sendAnonymously(client, Self.runEvent("RUNNING", [], ["/evil/running.csv"]), key: key)
                _ = try await Self.sendAnonymously(client, child, key: key)
                let closing = try await Self.sendAnonymously(client, Self.runEvent("COMPLETE", [], ["/evil/complete.csv"]), key: key)
                #expect(closing.status.code < 500, "\(closing.status)")
                if let hash = closing.json["lineage_hash"]?.stringValue {
                    let record = try #require(try await registry.store.lineageRecord(hash: hash))
                    #expect(record.lineage.creatorIdentity == "anonymous", "an anonymous COMPLETE published as \(record.lineage.creatorIdentity)")
                }
            }
            let lineages = try await registry.store.count(table: "lineages")
            let complete = try await client.send(.post, "/api/v1/lineage", json: Self.runEvent("COMPLETE", [], ["/data/out.csv"]), auth: .ssh(alice))
            #expect(complete.status == .ok && complete.json["status"] == "published", "\(complete.status) \(complete.json)")
            #expect(try await Self.publishedPaths(registry, complete) == ["/data/in.csv", "/data/out.csv"])
            let hash = try #require(complete.json["lineage_hash"]?.stringValue)
            let record = try #require(try await registry.store.lineageRecord(hash: hash))
            #expect(record.lineage.creatorIdentity == user.creatorIdentity)
            #expect(record.publications.map(\.ownerUserID) == [user.id])
            #expect(try await registry.store.count(table: "lineages") == lineages + 1)
        }
    }

    /// Groups are scoped by principal among signed producers too: bob, signing with the run id
    /// of alice's open run, gets a group of his own, and neither lineage holds the other's datasets.
    @Test(arguments: StoreKind.available)
    func anotherSignedProducerCannotJoinAUsersRun(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let bob = InMemoryEd25519Signer()
        let aliceUser = try await registry.addUser("alice", signer: alice)
        let bobUser = try await registry.addUser("bob", signer: bob)
        try await registry.run { client in
            #expect(
                try await client.send(.post, "/api/v1/lineage", json: Self.runEvent("START", ["/alice/in.csv"], []), auth: .ssh(alice)).status == .ok)
            #expect(
                try await client.send(.post, "/api/v1/lineage", json: Self.runEvent("START", [], ["/bob/planted.csv"]), auth: .ssh(bob)).status == .ok
            )
            let bobs = try await client.send(.post, "/api/v1/lineage", json: Self.runEvent("COMPLETE", [], ["/bob/out.csv"]), auth: .ssh(bob))
            #expect(bobs.status == .ok, "\(bobs.json)")
            #expect(try await Self.publishedPaths(registry, bobs) == ["/bob/planted.csv", "/bob/out.csv"])
            let alices = try await client.send(.post, "/api/v1/lineage", json: Self.runEvent("COMPLETE", [], ["/alice/out.csv"]), auth: .ssh(alice))
            #expect(alices.status == .ok, "bob's COMPLETE closed alice's run: \(alices.json)")
            #expect(try await Self.publishedPaths(registry, alices) == ["/alice/in.csv", "/alice/out.csv"])
            for (reply, user) in [(alices, aliceUser), (bobs, bobUser)] {
                let hash = try #require(reply.json["lineage_hash"]?.stringValue)
                #expect(try await registry.store.lineageRecord(hash: hash)?.lineage.creatorIdentity == user.creatorIdentity)
            }
        }
    }
}
