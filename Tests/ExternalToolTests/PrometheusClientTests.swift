import LineageModel
import TestSupport
import Testing

/// `GET /metrics` parsed by the Prometheus project's own Python client (prometheus-client,
/// Tests/Interop/prometheus_parse.py): the text format is what Prometheus reads.
@Suite(.enabled(if: PythonScript.available, PythonScript.unavailableReason), .timeLimit(.minutes(2)))
struct PrometheusClientTests {
    @Test func prometheusClientReadsTheRequestCounts() async throws {
        let registry = try await TestRegistry(.sqlite)
        let text = try await registry.run { client in
            for _ in 0..<3 { #expect(try await client.get("/api/v1/health").status == .ok) }
            let reply = try await client.send(.get, "/metrics")
            #expect(reply.status == .ok)
            return try #require(reply.json.stringValue)
        }
        let parsed = try JSONParser.parse(Array(try await PythonScript.run("prometheus_parse.py", [], input: text).utf8))
        let health = parsed.arrayValue?.first { sample in
            sample[0] == "glaas_http_requests_total" && sample[1]?["route"] == "/api/v1/health" && sample[1]?["status"] == "200"
        }
        #expect(health?[2]?.doubleValue == 3)
    }
}
