import Foundation
import GLaaSServer
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageStore
import Logging
import Synchronization
import TestSupport
import Testing

/// `GET /metrics` and the structured request log. (The metrics read by prometheus-client:
/// ExternalToolTests/PrometheusClientTests.)
@Suite(.timeLimit(.minutes(5))) struct OperationsTests {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Parses the Prometheus text format (0.0.4) strictly enough to fail on anything else:
    /// `# HELP`/`# TYPE` comments and `name{label="value",...} number` samples.
    static func parse(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
            guard let match = line.wholeMatch(of: /([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/),
                let value = Double(match.3) ?? (match.3 == "+Inf" ? .infinity : nil)
            else {
                throw TestFailure("not a Prometheus sample line: \(line)")
            }
            var labels: [String: String] = [:]
            if let body = match.2 {
                for pair in body.matches(of: /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/) { labels[String(pair.1)] = String(pair.2) }
            }
            samples.append(Sample(name: String(match.1), labels: labels, value: value))
        }
        return samples
    }

    @Test func metricsCountTheRequestsMadeAndTheStoredLineages() async throws {
        let registry = try await TestRegistry(.sqlite)
        try await registry.run { client in
            for _ in 0..<3 { #expect(try await client.get("/api/v1/health").status == .ok) }
            #expect(try await client.get("/api/v1/no-such-route").status == .notFound)
            let registration = try await SamplePipeline(tag: "-metrics").register(client)
            #expect(registration.hash != nil)
            // A private lineage is not counted: /metrics is read by anyone.
            let alice = InMemoryEd25519Signer()
            _ = try await registry.addUser("alice", signer: alice)
            let hidden = try await SamplePipeline(tag: "-metrics-private").register(
                client, signer: alice, scope: ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"])
            #expect(hidden.hash != nil)

            let reply = try await client.send(.get, "/metrics")
            #expect(reply.status == .ok)
            let text = try #require(reply.json.stringValue)
            let samples = try Self.parse(text)
            func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
                samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
            }
            #expect(value("glaas_http_requests_total", ["method": "GET", "route": "/api/v1/health", "status": "200"]) == 3)
            #expect(value("glaas_http_requests_total", ["method": "GET", "status": "404"]) == 1)
            #expect(value("glaas_http_request_duration_seconds_count", ["route": "/api/v1/health", "status": "200"]) == 3)
            let finalize = samples.first { $0.name == "glaas_http_requests_total" && $0.labels["route"]?.hasSuffix("/finalize") == true }
            #expect(
                finalize?.value == 2 && finalize?.labels["route"]?.contains("{") == true,
                "route templates, not paths (two finalizes): \(String(describing: finalize))")
            #expect(value("glaas_store_lineages") == 1)
            #expect(value("glaas_store_artifacts") == nil)

        }
    }

    @Test func everyRequestIsLoggedWithItsFields() async throws {
        let registry = try await TestRegistry(.sqlite)
        let recorded = RecordedLog()
        let app = Application(router: GLaaSApplication.router(store: registry.store, configuration: registry.configuration), logger: recorded.logger)
        try await app.test(.router) { client in
            let requestID = try await client.execute(uri: "/api/v1/health", method: .get) { response in
                #expect(response.status == .ok)
                return response.headers[.init("X-Request-Id")!]
            }
            _ = try await client.execute(uri: "/api/v1/sessions/nothex", method: .get) { _ in }
            let entries = recorded.entries.filter { $0.message == "request" }
            #expect(entries.count == 2)
            let health = try #require(entries.first)
            #expect(health.metadata["method"] == "GET" && health.metadata["path"] == "/api/v1/health" && health.metadata["status"] == "200")
            #expect(health.metadata["request_id"] == requestID && requestID?.isEmpty == false)
            #expect(Double(health.metadata["duration_ms"] ?? "") != nil)
            #expect(entries.last?.metadata["status"] == "400" && entries.last?.metadata["path"] == "/api/v1/sessions/nothex")
        }
    }
}
