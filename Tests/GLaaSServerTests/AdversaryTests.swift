import Foundation
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Issue 13's attacks 4, 6, 7, 8, 9 and 10 replayed over HTTP as an attacker would make them,
/// on both stores: each is refused (the status) and leaves the registry as it was (the state
/// read back afterwards), next to a control that shows the same request succeeds for whoever
/// may make it. Attacks already replayed this way by other suites are listed in
/// docs/testing.md ("Adversary suite") instead of repeated here.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct AdversaryTests {
    static let privateScope: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
    static let publicScope: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "public"]

    /// A client of an application built on a store the test holds (another configuration, a
    /// store opened from a known location): `TestRegistry.Client`'s requests, and the raw bytes
    /// of an answer when a test compares answers byte for byte.
    struct RawClient: TestHTTPClient {
        /// An answer as it went over the wire.
        struct Answer: Sendable, Equatable {
            var status: HTTPResponse.Status
            var contentType: String?
            var body: [UInt8]
            var text: String { String(decoding: body, as: UTF8.self) }
        }

        let client: any TestClientProtocol

        func send(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, auth: TestRegistry.Auth, headers: HTTPFields) async throws
            -> TestRegistry.Reply
        {
            let answer = try await raw(method, path, body: body, auth: auth, headers: headers)
            return TestRegistry.Reply(status: answer.status, json: TestRegistry.Reply.parse(answer.body))
        }

        func raw(_ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, auth: TestRegistry.Auth = .none, headers: HTTPFields = [:])
            async throws -> Answer
        {
            var headers = headers
            if body != nil { headers[.contentType] = "application/json" }
            if let authorization = try auth.header(method: method, path: path, body: body) { headers[.authorization] = authorization }
            let buffer = body.map { ByteBuffer(bytes: $0) }
            return try await client.execute(uri: path, method: method, headers: headers, body: buffer) { response in
                Answer(status: response.status, contentType: response.headers[.contentType], body: Array(response.body.readableBytesView))
            }
        }
    }

    /// Runs `body` with a client of the glaas application on `store` with `configuration`.
    static func serve<T: Sendable>(
        _ store: any RegistryStore & StoreMaintenance, _ configuration: GLaaSConfiguration = GLaaSConfiguration(port: 8765),
        _ body: @Sendable (RawClient) async throws -> T
    ) async throws -> T {
        try await GLaaSTestApplication(store: store, configuration: configuration).routed { client in try await body(RawClient(client: client)) }
    }

    /// The path of interactive label edits (`roar label set --remote`).
    static let labelEditPath = "/api/v1/labels/reconcile"

    /// The body of an interactive edit that sets the user keys `metadata` on the `dag` label of
    /// lineage `hash` (no `base_version`: applied to whatever version is current).
    static func dagLabelEdit(_ hash: String, _ metadata: JSONValue) -> [UInt8] {
        CanonicalJSON.bytes([
            "session_hash": .string(hash), "mode": "sync_user_labels", "dry_run": false, "prune": false,
            "labels": [["entity_type": "dag", "metadata": metadata]],
        ])
    }

    /// The current `dag` label of lineage `hash`, as `reader` reads it.
    static func dagLabel(_ client: some TestHTTPClient, _ hash: String, as reader: TestRegistry.Auth) async throws -> TestRegistry.Reply {
        try await client.get("/api/v1/labels/current?entity_type=dag&session_hash=\(hash)", auth: reader)
    }

    /// The row counts of `tables`, to show a refused request wrote nothing.
    static func counts(_ store: any StoreMaintenance, _ tables: [String]) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables { counts[table] = try await store.count(table: table) }
        return counts
    }

    /// The tables a publication, a staging or a label edit writes to.
    static let writtenTables =
        [
            "lineages", "publications", "jobs", "artifacts", "labels", "registration_sessions",
        ] + RegistrySchema.stagingTables
}
