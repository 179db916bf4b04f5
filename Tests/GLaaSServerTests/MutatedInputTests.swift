import Foundation
import LineageModel
import TestSupport
import Testing

/// Valid v1 request bodies, mutated at random (wrong types, missing or extra fields, odd
/// numbers, deep nesting, truncation): whatever arrives, the answer is never a 5xx, and every
/// 4xx carries a JSON message.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct MutatedInputTests {
    static let oddValues: [JSONValue] = [
        .null, .bool(true), .int(-1), .int(Int64.max), .double(1e308), .double(-0.0), .bigInt("1" + String(repeating: "0", count: 40)),
        .string(""), .string(String(repeating: "é", count: 3000)), .string("../../etc/passwd"), .string("\u{0}"), .array([]), .object([:]),
        .array([.null, .int(1)]), .object(["": .null]), .string(String(repeating: "f", count: 64)),
    ]

    static func mutate(_ value: JSONValue, _ rng: inout SplitMix64, depth: Int = 0) -> JSONValue {
        if depth > 0, Int.random(in: 0..<6, using: &rng) == 0 { return oddValues.randomElement(using: &rng)! }
        switch value {
        case .object(var members):
            if !members.isEmpty, Int.random(in: 0..<5, using: &rng) == 0 { members.removeValue(forKey: members.keys.randomElement(using: &rng)!) }
            if Int.random(in: 0..<8, using: &rng) == 0 {
                members["unexpected_\(Int.random(in: 0..<9, using: &rng))"] = oddValues.randomElement(using: &rng)!
            }
            return .object(members.mapValues { mutate($0, &rng, depth: depth + 1) })
        case .array(var items):
            if !items.isEmpty, Int.random(in: 0..<6, using: &rng) == 0 { items.append(items[0]) }
            return .array(items.map { mutate($0, &rng, depth: depth + 1) })
        default:
            return value
        }
    }

    @Test(arguments: StoreKind.available)
    func mutatedRegistrationRequestsNeverFailTheServer(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            var rng = SplitMix64(seed: 2026)
            let pipeline = SamplePipeline()
            let hash = try #require(try await pipeline.register(client).hash)
            for round in 0..<60 {
                let (id, auth) = try await client.openAnonymousSession()
                let base = "/api/v1/registration-sessions/\(id)"
                let requests: [(String, JSONValue)] = [
                    ("\(base)/jobs/batch", ["jobs": pipeline.jobs]),
                    ("\(base)/artifacts/batch", ["artifacts": pipeline.artifacts]),
                    (
                        "\(base)/jobs/\(pipeline.uid(1))/outputs",
                        ["artifacts": [["hash": .string(pipeline.data), "path": "/d", "size": 3, "byte_ranges": [[0, 3]]]]]
                    ),
                    (
                        "\(base)/jobs/\(pipeline.uid(2))/view-edges",
                        [
                            "view_edges": [
                                [
                                    "relation": "consumes", "target_hash": .string(pipeline.data),
                                    "bloom": ["bloom_bits": 64], "selected_count": 1, "parent_total": 2,
                                ]
                            ]
                        ]
                    ),
                    (
                        "\(base)/artifacts/composites",
                        [
                            "hash": .string(pipeline.model), "hashes": [["algorithm": "composite-blake3", "digest": .string(pipeline.model)]],
                            "size": 1,
                            "components": [["relative_path": "a", "component_algorithm": "blake3", "component_digest": .string(pipeline.data)]],
                        ]
                    ),
                    ("\(base)/finalize", pipeline.finalizeBody),
                    ("\(base)/labels/batch", ["labels": [["entity_type": "dag", "session_hash": .string(hash), "metadata": ["a": 1]]]]),
                    (
                        "/api/v1/labels/reconcile",
                        [
                            "session_hash": .string(hash),
                            "labels": [
                                ["entity_type": "artifact", "artifact_hash": .string(pipeline.model), "metadata": ["k": "v"], "base_version": 1]
                            ],
                        ]
                    ),
                    ("/api/v1/registration-sessions", ["mode": "anonymous_public", "client_session_id": "x"]),
                ]
                for (path, body) in requests {
                    let mutated = Self.mutate(body, &rng)
                    var bytes = CanonicalJSON.bytes(mutated)
                    if round % 7 == 0, bytes.count > 2 { bytes = Array(bytes.prefix(Int.random(in: 1..<bytes.count, using: &rng))) }
                    let reply = try await client.send(.post, path, body: bytes, auth: auth)
                    #expect(reply.status.code < 500, "\(path) answered \(reply.status) to \(String(decoding: bytes.prefix(300), as: UTF8.self))")
                    if reply.status.code >= 400 { #expect(reply.message != nil, "\(path): no message") }
                }
            }
            // Deeply nested JSON is refused, not a stack overflow.
            let deep = Array(String(repeating: "[", count: 50_000).utf8)
            #expect(try await client.send(.post, "/api/v1/lineage", body: deep).status == .badRequest)
        }
    }

    @Test(arguments: StoreKind.available)
    func oddPathsAndQueriesNeverFailTheServer(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let paths = [
                "/api/v1/artifacts/%00%00%00%00%00%00%00%00", "/api/v1/public/artifacts/" + String(repeating: "a", count: 5000),
                "/api/v1/artifacts/../../etc/passwd", "/api/v1/sessions?limit=-1", "/api/v1/sessions?limit=99999999999999999999",
                "/api/v1/artifacts/abcdef0123/lineage?depth=x", "/api/v1/labels/current", "/api/v1/labels/current?entity_type=planet",
                "/api/v1/labels/history?entity_type=dag&session_hash=xyz", "/api/v1/public/sessions/zz/reproduction",
                "/api/v1/labels/current?entity_type=job&session_hash=" + String(repeating: "a", count: 64),
            ]
            for path in paths {
                let reply = try await client.get(path)
                #expect(reply.status.code >= 400 && reply.status.code < 500, "\(path) answered \(reply.status)")
                #expect(reply.message != nil, "\(path): no message")
            }
        }
    }
}
