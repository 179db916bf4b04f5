import Foundation
import GLaaSServer
import Hummingbird
import HummingbirdTesting
import LineageExport
import LineageModel
import LineageStore
import TestSupport
import Testing

/// `POST /api/v1/lineage`: OpenLineage RunEvents into lineages. (Events sent by the
/// openlineage-python client: ExternalToolTests/OpenLineagePythonTests.)
@Suite(.timeLimit(.minutes(5))) struct OpenLineageIngestTests {
    /// A valid COMPLETE event of one job with one input and one output.
    static let validEvent: JSONValue = [
        "eventType": "COMPLETE", "eventTime": "2026-11-27T12:00:00.250+01:00", "producer": "https://example.com/producer",
        "run": ["runId": "0d8f6b8e-6f0a-4b7e-9a37-3b6f7c1f2a10"], "job": ["namespace": "demo", "name": "train"],
        "inputs": [["namespace": "file", "name": "/data/in.csv"]], "outputs": [["namespace": "file", "name": "/data/out.csv"]],
    ]

    static func with(_ event: JSONValue, _ key: String, _ value: JSONValue?) -> JSONValue {
        var members = event.objectValue ?? [:]
        members[key] = value
        return .object(members)
    }

    @Test func badEventsAre400sWithAMessageAndWriteNothing() async throws {
        let registry = try await TestRegistry(.sqlite)
        try await registry.run { client in
            let datasetWithBadDigest: JSONValue = [
                [
                    "namespace": "file", "name": "/x",
                    "facets": ["glaas_artifact": ["digests": [["algorithm": "blake3", "digest": "xyz"]]]],
                ]
            ]
            let bad: [(String, JSONValue)] = [
                ("no run", Self.with(Self.validEvent, "run", nil)),
                ("run id not a UUID", Self.with(Self.validEvent, "run", ["runId": "42"])),
                ("time without zone", Self.with(Self.validEvent, "eventTime", "2026-11-27T12:00:00")),
                ("unknown event type", Self.with(Self.validEvent, "eventType", "DONE")),
                ("no job", Self.with(Self.validEvent, "job", nil)),
                ("inputs not an array", Self.with(Self.validEvent, "inputs", "x")),
                ("bad digest", Self.with(Self.validEvent, "outputs", datasetWithBadDigest)),
            ]
            for (label, event) in bad {
                let reply = try await client.send(.post, "/api/v1/lineage", json: event)
                #expect(reply.status == .badRequest, "\(label): \(reply.status) \(reply.json)")
                #expect(reply.message?.isEmpty == false, "\(label)")
            }
            let malformed = try await client.send(.post, "/api/v1/lineage", body: Array("{\"eventType\":".utf8))
            #expect(malformed.status == .badRequest && malformed.message?.contains("Malformed JSON") == true)
            let token = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent, auth: .token("abc"))
            #expect(token.status == .unauthorized)
            #expect(try await registry.store.count(table: "lineages") == 0)
            #expect(try await registry.store.count(table: "registration_sessions") == 0)

            // The valid event itself publishes a one-job lineage, with name-based identities.
            let reply = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent)
            #expect(reply.status == .ok && reply.json["status"] == "published", "\(reply.json)")
            let hash = try #require(reply.json["lineage_hash"]?.stringValue)
            let record = try #require(try await registry.store.lineageRecord(hash: hash))
            #expect(record.lineage.jobs.count == 1 && record.lineage.jobs[0].exitCode == 0 && record.lineage.jobs[0].command == "train")
            #expect(record.artifacts.allSatisfy { $0.canonicalDigest.algorithm == "openlineage-name" })
            #expect(record.lineage.jobs[0].inputs.map(\.path) == ["/data/in.csv"])
            // The same event again answers the same lineage.
            let again = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent)
            #expect(again.status == .ok && again.json["lineage_hash"]?.stringValue == hash)
        }
    }

    @Test func signedEventsBelongToTheSigner() async throws {
        let registry = try await TestRegistry(.sqlite)
        let signer = InMemoryEd25519Signer()
        let user = try await registry.addUser("olga", signer: signer)
        try await registry.run { client in
            let reply = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent, auth: .ssh(signer))
            let hash = try #require(reply.json["lineage_hash"]?.stringValue, "\(reply.json)")
            let record = try #require(try await registry.store.lineageRecord(hash: hash))
            #expect(record.lineage.creatorIdentity == user.creatorIdentity)
            #expect(record.publications.map(\.ownerUserID) == [user.id])
        }
    }

    /// A run group belongs to its sender: an anonymous event with a signed producer's run id
    /// neither joins its group nor keeps the producer from publishing it.
    @Test func anonymousEventsCannotJoinOrSquatASignedProducersGroup() async throws {
        let registry = try await TestRegistry(.sqlite)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let start = Self.with(Self.validEvent, "eventType", "START")
            // The squatter comes first, with the same run id and a dataset of its own.
            let squat = Self.with(start, "outputs", [["namespace": "file", "name": "/evil/planted.csv"]])
            #expect(try await client.send(.post, "/api/v1/lineage", json: squat).status.code < 300)
            #expect(try await client.send(.post, "/api/v1/lineage", json: start, auth: .ssh(alice)).status.code < 300)
            let reply = try await client.send(.post, "/api/v1/lineage", json: Self.validEvent, auth: .ssh(alice))
            #expect(reply.status == .ok && reply.json["status"] == "published", "\(reply.json)")
            let hash = try #require(reply.json["lineage_hash"]?.stringValue)
            let paths = try await registry.store.jobs(inLineage: hash).flatMap { ($0.job.inputs + $0.job.outputs).map(\.path) }
            #expect(!paths.contains("/evil/planted.csv"), "\(paths)")
            #expect(paths.contains("/data/out.csv"))
        }
    }
}
