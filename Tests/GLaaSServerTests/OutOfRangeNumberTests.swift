import Foundation
import LineageModel
import TestSupport
import Testing

/// Numbers out of range sent over HTTP are a 400 naming the field, on both stores, and leave
/// the session as it was (an anonymous job with a duration of 1e300 s used to be stored, and
/// its web page stopped the server).
@Suite(.everyStore, .timeLimit(.minutes(5))) struct OutOfRangeNumberTests {
    @Test(arguments: StoreKind.available)
    func jobsWithNumbersOutOfRangeAreRefused(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let (id, auth) = try await client.openAnonymousSession()
            let cases: [(String, JSONValue, String)] = [
                ("duration_seconds", .double(1e300), "job j1: duration_seconds 1e+300 is longer than a century"),
                ("timestamp", .double(1e300), "job j1: timestamp 1e+300 is not a time in years 1-9999"),
                ("step_number", .int(1 << 31), "job j1: step_number 2147483648 is outside 0...2147483647"),
                ("exit_code", .int(-(1 << 40)), "job j1: exit_code -1099511627776 is outside -2147483648...2147483647"),
            ]
            for (field, value, message) in cases {
                var job: [String: JSONValue] = ["job_uid": "j1", "command": "python train.py", "step_number": 1, "job_type": "run"]
                job[field] = value
                let reply = try await client.send(.post, "/api/v1/registration-sessions/\(id)/jobs/batch", json: ["jobs": [.object(job)]], auth: auth)
                #expect(reply.status == .badRequest, "\(field): \(reply.json)")
                #expect(reply.message == message)
            }
            #expect(try await registry.store.count(table: "staged_jobs") == 0)
        }
    }
}
