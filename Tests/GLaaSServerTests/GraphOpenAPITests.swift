import Foundation
import GLaaSServer
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageStore
import TestSupport
import Testing

/// The OpenAPI document of the query API is served and names every route. (That it is valid
/// and true to the server, by openapi-spec-validator and schemathesis, is checked in
/// ExternalToolTests/GraphOpenAPIToolTests.)
@Suite(.timeLimit(.minutes(2))) struct GraphOpenAPITests {

    @Test func theDocumentIsServedAndNamesEveryRoute() async throws {
        let registry = try await TestRegistry(.sqlite)
        try await registry.run { client in
            for path in ["/openapi.json", "/api/graph/v1/openapi.json"] {
                let reply = try await client.get(path)
                #expect(reply.status == .ok)
                #expect(reply.json["openapi"] == "3.1.0")
                #expect(reply.json["servers"]?[0]?["url"] == "/api/graph/v1")
                let paths = Set(reply.json["paths"]?.objectValue?.keys.map { $0 } ?? [])
                #expect(
                    paths.isSuperset(of: [
                        "/artifacts", "/artifacts/{digest}", "/artifacts/{digest}/upstream", "/artifacts/{digest}/downstream",
                        "/artifacts/{digest}/terminal-descendants", "/jobs", "/jobs/{lineage_hash}/{job_uid}",
                        "/jobs/{lineage_hash}/{job_uid}/upstream",
                        "/jobs/{lineage_hash}/{job_uid}/downstream", "/lineages/{lineage_hash}", "/lineages/{lineage_hash}/diff/{other_hash}",
                        "/lineages/{lineage_hash}/export", "/export",
                    ]))
                let jobParameters = reply.json["paths"]?["/jobs"]?["get"]?["parameters"]?.arrayValue ?? []
                let named = Set(jobParameters.compactMap { $0["name"]?.stringValue })
                #expect(named.isSuperset(of: ["command", "repo", "commit"]))
            }
        }
    }
}
