import Foundation
import GLaaSHTTP
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageStore
import Logging
import TestSupport
import Testing

/// A web page that fails unexpectedly is a 500 that names the request id and nothing of the
/// failure (no SQL, no error text), and the failure is logged with that request id.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct WebErrorPageTests {
    @Test(arguments: StoreKind.available)
    func anUnexpectedFailureIsLoggedWithItsRequestIDAndShownWithoutDetails(kind: StoreKind) async throws {
        let store = try await kind.make()
        let seeded = try await WebFixtures.seed(store)
        // The lineage page reads the lineage's label: without the table the database fails in a
        // way no page expects.
        try await store.execute(sql: kind == .postgres ? "DROP TABLE labels CASCADE" : "DROP TABLE labels")
        let logs = RecordedLog()
        let application = Application(router: GLaaSApplication.router(store: store, configuration: GLaaSConfiguration(port: 0)), logger: logs.logger)
        try await application.test(.router) { client in
            try await client.execute(uri: "/web/dag/\(seeded.pipeline)", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .internalServerError)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let logged = logs.entries.filter { $0.message == "Unhandled error in a web page" }
                let record = try #require(logged.first)
                let requestID = try #require(record.metadata["request_id"])
                #expect(body.contains("request id \(requestID)"))
                #expect(record.metadata["error"]?.contains("labels") == true, "the log names what failed")
                for detail in ["labels", "SQL", "sql", "SELECT", "relation", "table"] {
                    #expect(!body.contains(detail), "the page shows no internal detail: \(detail)")
                }
            }
        }
    }

    /// The one mapping of store errors to statuses, which the API's JSON errors and the web's
    /// error pages share.
    @Test func storeErrorsMapToTheSameStatusesEverywhere() {
        let cases: [(LineageStoreError, HTTPResponse.Status, String)] = [
            (.notFound("x"), .notFound, "NOT_FOUND"),
            (.conflict("x"), .conflict, "CONFLICT"),
            (.labelConflict([LabelTarget(kind: .dag, lineageHash: "h")]), .conflict, "CONFLICT"),
            (.invalid("x"), .badRequest, "BAD_REQUEST"),
            (.unavailable("x"), .serviceUnavailable, "UNAVAILABLE"),
        ]
        for (error, status, code) in cases {
            let mapped = GLaaSError(error)
            #expect(mapped.status == status, "\(error)")
            #expect(mapped.code == code, "\(error)")
        }
        #expect(GLaaSError(.labelConflict([LabelTarget(kind: .dag, lineageHash: "h")])).details["conflicts"] != nil)
    }
}
