import Foundation
import GLaaSServer
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Each route reads at most its body limit (bytes declared or sent, JSON values counted while
/// parsing), and query text with control characters never reaches a store.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct RequestLimitTests {
    @Test(arguments: StoreKind.available)
    func aBodyOfManyTinyValuesIsRefusedWhileParsingAndStagesNothing(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let (id, auth) = try await client.openAnonymousSession()
            // 1.2 MB of "0," parses to 600,000 values: over the batch routes' 500,000.
            let body = Array(#"{"jobs": ["#.utf8) + Array(repeating: Array("0,".utf8), count: 600_000).flatMap { $0 } + Array("0]}".utf8)
            let reply = try await client.send(.post, "/api/v1/registration-sessions/\(id)/jobs/batch", body: body, auth: auth)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.message?.contains("more than \(BodyLimit.batch.jsonValues) JSON values") == true, "\(reply.message ?? "no message")")
            #expect(try await registry.store.stagedLineage(sessionID: id).jobs.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func eachRouteRefusesABodyOverItsOwnLimit(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            // Session creation takes a small body only.
            let big = [UInt8](repeating: 0x20, count: BodyLimit.small.bytes + 1)
            let created = try await client.send(.post, "/api/v1/registration-sessions", body: big)
            #expect(created.status == .contentTooLarge)
            #expect(created.message?.contains("\(BodyLimit.small.bytes) bytes") == true, "\(created.message ?? "no message")")
            // Finalize takes a document, not a batch.
            let (id, auth) = try await client.openAnonymousSession()
            let document = [UInt8](repeating: 0x20, count: BodyLimit.document.bytes + 1)
            let finalized = try await client.send(.post, "/api/v1/registration-sessions/\(id)/finalize", body: document, auth: auth)
            #expect(finalized.status == .contentTooLarge)
            // A signed request over the limit is refused for its size before its signature is read.
            let signed = try await client.send(.post, "/api/v1/labels/sync", body: document, auth: .header(#"Signature keyid="k" ts="1" sig="s""#))
            #expect(signed.status == .contentTooLarge)
            // A read route has the small default.
            let read = try await client.send(.get, "/api/v1/sessions", body: big)
            #expect(read.status == .contentTooLarge)
        }
    }

    static let controlCharacterQueries = [
        "/api/graph/v1/artifacts?path=model%00", "/api/graph/v1/jobs?command=%00train", "/api/graph/v1/artifacts?label=a%01b",
        "/api/v1/sessions?limit=5%0A", "/api/graph/v1/lineages?repo=x%7F", "/api/graph/v1/artifacts?pa%00th=x",
    ]

    @Test(arguments: StoreKind.available, controlCharacterQueries)
    func controlCharactersInQueryParametersAreABadRequest(kind: StoreKind, path: String) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let reply = try await client.get(path)
            #expect(reply.status == .badRequest, "\(path)")
            #expect(reply.message?.contains("contains a control character") == true, "\(reply.message ?? "no message")")
        }
    }

    @Test(arguments: StoreKind.available)
    func webSearchWithAControlCharacterIsABadRequestPage(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            for query in ["a%00b", "%01", "model%0D%0Ax"] {
                let reply = try await client.get("/web/search?q=\(query)")
                #expect(reply.status == .badRequest, "\(query)")
            }
            // Ordinary text, spaces as `+`, still searches.
            #expect(try await client.get("/web/search?q=model+v2").status == .ok)
            #expect(try await client.get("/api/graph/v1/artifacts?path=a+b").status == .ok)
        }
    }

    @Test(arguments: StoreKind.available)
    func anArtifactKnownOnlyByAnEtagIsListedBySearch(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let etag = String(repeating: "ab", count: 16) + "-3"
            let plain = TestDigest.label("etag-search-input")
            let (id, auth) = try await client.openAnonymousSession()
            let base = "/api/v1/registration-sessions/\(id)"
            let uid = String(TestDigest.label("etag-job").prefix(32))
            let jobs: JSONValue = ["jobs": [["job_uid": .string(uid), "step_number": 1, "command": "upload"]]]
            #expect(try await client.send(.post, "\(base)/jobs/batch", json: jobs, auth: auth).status == .created)
            let artifacts: JSONValue = [
                "artifacts": [
                    ["hashes": [["algorithm": "etag", "digest": .string(etag)]], "size": 5],
                    ["hashes": [["algorithm": "blake3", "digest": .string(plain)]], "size": 3],
                ]
            ]
            #expect(try await client.send(.post, "\(base)/artifacts/batch", json: artifacts, auth: auth).status.code < 300)
            let inputs: JSONValue = ["artifacts": [["hash": .string(plain), "path": "etag-search/in.csv"]]]
            #expect(try await client.send(.post, "\(base)/jobs/\(uid)/inputs", json: inputs, auth: auth).status.code < 300)
            let outputs: JSONValue = ["artifacts": [["hash": .string(etag), "path": "etag-search/out.bin"]]]
            #expect(try await client.send(.post, "\(base)/jobs/\(uid)/outputs", json: outputs, auth: auth).status.code < 300)
            let finalized = try await client.send(
                .post, "\(base)/finalize", json: ["expected": ["jobs": 1, "inputs": 1, "outputs": 1]], auth: auth)
            #expect(finalized.status == .ok, "\(finalized.json)")
            let page = try await client.send(.get, "/web/search?q=etag-search")
            #expect(page.status == .ok)
            let html = page.json.stringValue ?? ""
            #expect(html.contains(etag))
            #expect(html.contains(plain))
        }
    }
}
