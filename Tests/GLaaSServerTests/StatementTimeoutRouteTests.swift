import Foundation
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageStore
import TestSupport
import Testing

/// A request whose statement runs past the statement timeout is answered 503 with
/// `Retry-After` and the JSON error envelope: not a 500, and not a request that never ends.
@Suite(.everyStore, .timeLimit(.minutes(2))) struct StatementTimeoutRouteTests {
    /// Replaces the labels table (which every artifact lookup reads) by a view that never
    /// answers: it counts for ever before it returns a row (SQLite: the endless side drives the
    /// join; PostgreSQL: the count is a filter evaluated before any row).
    static func makeLabelsEndless(_ store: any StoreMaintenance, _ kind: StoreKind) async throws {
        let endless = "WITH RECURSIVE r(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT n + 1 FROM r)"
        try await store.execute(sql: "ALTER TABLE labels RENAME TO labels_kept")
        switch kind {
        case .sqlite:
            try await store.execute(
                sql: "CREATE VIEW labels AS SELECT l.* FROM (\(endless) SELECT n FROM r WHERE n < 0) x CROSS JOIN labels_kept l")
        case .postgres:
            try await store.execute(sql: "CREATE VIEW labels AS SELECT l.* FROM labels_kept l WHERE (\(endless) SELECT count(*) FROM r) >= 0")
        }
    }

    @Test(arguments: StoreKind.available)
    func aLookupWhoseStatementTimesOutIsA503WithRetryAfter(kind: StoreKind) async throws {
        let location = try await kind.makeLocation()
        let seeding = try await kind.open(location)
        _ = try await seeding.publish(LineagePublication(lineage: Sample.pipeline(), visibility: .public, ownerUserID: nil), closing: nil)
        try await Self.makeLabelsEndless(seeding, kind)
        let limit: Duration = kind == .sqlite ? .milliseconds(1) : .milliseconds(200)
        let store = try await kind.open(location, statementTimeout: limit)
        let prefix = String(TestDigest.label("model.pt").prefix(16))
        let application = GLaaSTestApplication(store: store, configuration: GLaaSConfiguration(port: 0))
        try await application.routed { client in
            try await client.execute(uri: "/api/v1/public/artifacts/\(prefix)", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
                let body = String(buffer: response.body)
                #expect(body.contains("\"UNAVAILABLE\""), "\(body)")
                #expect(body.contains("statement timeout"), "\(body)")
            }
        }
    }
}
