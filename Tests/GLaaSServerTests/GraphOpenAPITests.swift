import Dispatch
import Foundation
import GLaaSServer
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageStore
import StoreTestSupport
import Testing

/// The OpenAPI document of the query API: served, valid (openapi-spec-validator), and true to
/// the server (schemathesis sends generated requests to a live server and checks every answer
/// against it). The tools come from a venv whose `bin` is `GLAAS_TEST_OPENAPI_TOOLS`
/// (scripts/test.sh installs them).
@Suite(.timeLimit(.minutes(8))) struct GraphOpenAPITests {
    static let tools = ProcessInfo.processInfo.environment["GLAAS_TEST_OPENAPI_TOOLS"].flatMap { $0.isEmpty ? nil : $0 }

    @Test func theDocumentIsServedAndNamesEveryRoute() async throws {
        let registry = try await TestRegistry(.sqlite)
        try await registry.run { client in
            for path in ["/openapi.json", "/api/graph/v1/openapi.json"] {
                let reply = try await client.get(path)
                #expect(reply.status == .ok)
                #expect(reply.json["openapi"] == "3.1.0")
                #expect(reply.json["servers"]?[0]?["url"] == "/api/graph/v1")
                let paths = Set(reply.json["paths"]?.objectValue?.keys.map { $0 } ?? [])
                #expect(paths.isSuperset(of: [
                    "/artifacts", "/artifacts/{digest}", "/artifacts/{digest}/upstream", "/artifacts/{digest}/downstream",
                    "/artifacts/{digest}/terminal-descendants", "/jobs", "/jobs/{lineage_hash}/{job_uid}", "/jobs/{lineage_hash}/{job_uid}/upstream",
                    "/jobs/{lineage_hash}/{job_uid}/downstream", "/lineages/{lineage_hash}", "/lineages/{lineage_hash}/diff/{other_hash}",
                ]))
            }
        }
    }

    @Test(.enabled(if: tools != nil)) func openAPISpecValidatorAcceptsTheDocument() async throws {
        let registry = try await TestRegistry(.sqlite)
        let document = try await registry.run { client in try await client.get("/openapi.json").json }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-openapi-\(UUID().uuidString).json")
        try Data(CanonicalJSON.bytes(document)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try await Self.run(["/usr/bin/timeout", "120", "\(Self.tools!)/openapi-spec-validator", file.path]) == 0)
    }

    /// Bounded: a few generated requests per operation, within a fixed time.
    @Test(.enabled(if: tools != nil), arguments: StoreKind.available)
    func schemathesisFindsTheServerTrueToTheDocument(kind: StoreKind) async throws {
        let store = try await kind.make()
        let lineage = Lineage(git: GitContext(repo: "r", commit: "c", branch: "b"), creatorIdentity: "anonymous", jobs: [
            Job(jobUID: "j1", command: "make data", timestamp: 1000, stepNumber: 1, outputs: [ArtifactRef(hash: String(repeating: "ab", count: 32), path: "/d")]),
            Job(jobUID: "j2", command: "make model", timestamp: 2000, stepNumber: 2, inputs: [ArtifactRef(hash: String(repeating: "ab", count: 32), path: "/d")],
                outputs: [ArtifactRef(hash: String(repeating: "cd", count: 32), path: "/m")]),
        ])
        _ = try await store.publish(LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil), closing: nil)
        let app = Application(
            router: GLaaSApplication.router(store: store, configuration: GLaaSConfiguration(port: 0)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let status = try await Self.run([
                "/usr/bin/timeout", "300", "\(Self.tools!)/schemathesis", "run", "http://127.0.0.1:\(port)/openapi.json",
                "--url", "http://127.0.0.1:\(port)/api/graph/v1", "--max-examples", "8", "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                "--no-color",
            ])
            #expect(status == 0)
        }
    }

    /// Runs a program to completion off the concurrency pool (the server answers meanwhile).
    static func run(_ arguments: [String]) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try ChildProcess.run(arguments) })
            }
        }
    }
}
