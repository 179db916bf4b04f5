import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Bad input gets a 4xx with a JSON message and changes nothing.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct BadInputTests {
    static let badJobBatches: [(body: String, message: String)] = [
        ("{", "Malformed JSON"),
        ("[1, 2]", "must be a JSON object"),
        (#"{"jobs": "x"}"#, "jobs must be an array"),
        (#"{"jobs": [{"job_uid": "a"}]}"#, "step_number is required"),
        (#"{"jobs": [{"job_uid": "a", "step_number": "one"}]}"#, "step_number must be an integer"),
        (#"{"jobs": [{"job_uid": "a b", "step_number": 1}]}"#, "job_uid"),
        (#"{"jobs": [{"job_uid": "a", "step_number": 1, "command": 7}]}"#, "command must be a string"),
        (#"{"jobs": [{"job_uid": "a", "step_number": 1, "metadata": [1]}]}"#, "metadata must be a JSON string or object"),
        (#"{"jobs": [{"job_uid": "a", "step_number": 1}, {"job_uid": "a", "step_number": 2}]}"#, "appears twice"),
        (#"{"jobs": [{"job_uid": "a", "step_number": -1}]}"#, "must not be negative"),
        (#"{"jobs": [{"job_uid": "a", "step_number": 1, "duration_seconds": "slow"}]}"#, "must be a number"),
    ]

    @Test(arguments: StoreKind.available, badJobBatches)
    func malformedJobBatches(kind: StoreKind, batch: (body: String, message: String)) async throws {
        let (body, message) = batch
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let (id, auth) = try await client.openAnonymousSession()
            let reply = try await client.send(.post, "/api/v1/registration-sessions/\(id)/jobs/batch", body: Array(body.utf8), auth: auth)
            #expect(reply.status == .badRequest)
            #expect(reply.message?.contains(message) == true, "\(reply.message ?? "no message")")
            #expect(reply.json["success"] == false)
            #expect(try await registry.store.stagedLineage(sessionID: id).jobs.isEmpty)
        }
    }

    static let badArtifactBatches = [
        #"{"artifacts": [{"hashes": [{"algorithm": "blake3", "digest": "abc"}], "size": 1}]}"#,
        #"{"artifacts": [{"hashes": [{"algorithm": "blake3", "digest": "zz\#(String(repeating: "0", count: 62))"}], "size": 1}]}"#,
        #"{"artifacts": [{"hashes": [], "size": 1}]}"#,
        #"{"artifacts": [{"hashes": [{"algorithm": "blake3", "digest": "\#(String(repeating: "a", count: 64))"}], "size": -5}]}"#,
        #"{"artifacts": [{"hashes": [{"algorithm": "no such!", "digest": "\#(String(repeating: "a", count: 64))"}], "size": 1}]}"#,
        #"{"artifacts": [{"hashes": "blake3", "size": 1}]}"#,
    ]

    @Test(arguments: StoreKind.available, badArtifactBatches)
    func invalidDigestsAndSizes(kind: StoreKind, body: String) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let (id, auth) = try await client.openAnonymousSession()
            let reply = try await client.send(.post, "/api/v1/registration-sessions/\(id)/artifacts/batch", body: Array(body.utf8), auth: auth)
            #expect(reply.status == .badRequest)
            #expect(reply.message != nil)
            #expect(try await registry.store.stagedLineage(sessionID: id).artifacts.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func linksToUnknownJobsAndBadLinks(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let (id, auth) = try await client.openAnonymousSession()
            _ = try await client.send(
                .post, "/api/v1/registration-sessions/\(id)/jobs/batch", json: ["jobs": [["job_uid": "j", "step_number": 1]]], auth: auth)
            let link: JSONValue = ["artifacts": [["hash": .string(String(repeating: "a", count: 64)), "path": "/x"]]]
            #expect(try await client.send(.post, "/api/v1/registration-sessions/\(id)/jobs/other/inputs", json: link, auth: auth).status == .notFound)
            let bad = try await client.send(
                .post, "/api/v1/registration-sessions/\(id)/jobs/j/inputs", json: ["artifacts": [["hash": "not-hex", "path": "/x"]]], auth: auth)
            #expect(bad.status == .badRequest)
            let ranges = try await client.send(
                .post, "/api/v1/registration-sessions/\(id)/jobs/j/inputs",
                json: ["artifacts": [["hash": .string(String(repeating: "a", count: 64)), "byte_ranges": [[5, 1]]]]], auth: auth)
            #expect(ranges.status == .badRequest)
            #expect(try await registry.store.stagedLineage(sessionID: id).linkCount == 0)
            // Finalizing an empty session is refused too.
            let (empty, emptyAuth) = try await client.openAnonymousSession()
            #expect(try await client.send(.post, "/api/v1/registration-sessions/\(empty)/finalize", json: [:], auth: emptyAuth).status == .badRequest)
            #expect(try await registry.store.count(table: "lineages") == 0)
        }
    }

    @Test(arguments: StoreKind.available)
    func unknownRoutesAndMethods(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            // (`/` is the web UI's home page; unknown API paths answer the v1 protocol's 404.)
            for path in ["/api/v1/nothing", "/api/v2/health", "/api/v1/auth/device/start"] {
                let reply = try await client.get(path)
                #expect(reply.status == .notFound)
                #expect(reply.message == "Endpoint not found")
            }
            #expect(try await client.send(.delete, "/api/v1/health").status == .notFound)
            #expect(try await client.send(.post, "/api/v1/telemetry/roar", json: ["event": "x"]).status == .noContent)
        }
    }

    @Test(arguments: StoreKind.available)
    func bodiesOfThirtyTwoMebibytesAreAcceptedAndLargerOnesRefused(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let (id, auth) = try await client.openAnonymousSession()
            // ~33 MiB of jobs with large metadata: accepted.
            let metadata = String(repeating: "x", count: 33 * 1024)
            let jobs: [JSONValue] = (0..<1024).map { ["job_uid": .string("j\($0)"), "step_number": .int(Int64($0)), "metadata": .string(metadata)] }
            let big = CanonicalJSON.bytes(["jobs": .array(jobs)])
            #expect(big.count > 32 * 1024 * 1024)
            let reply = try await client.send(.post, "/api/v1/registration-sessions/\(id)/jobs/batch", body: big, auth: auth)
            #expect(reply.status == .created)
            #expect(reply.data["created_count"] == 1024)
            // Over the limit: 413 with a JSON message, nothing staged.
            let (other, otherAuth) = try await client.openAnonymousSession()
            let huge = [UInt8](repeating: 0x20, count: 65 * 1024 * 1024)
            let refused = try await client.send(.post, "/api/v1/registration-sessions/\(other)/jobs/batch", body: huge, auth: otherAuth)
            #expect(refused.status == .contentTooLarge)
            #expect(refused.message != nil)
            #expect(try await registry.store.stagedLineage(sessionID: other).jobs.isEmpty)
        }
    }
}
