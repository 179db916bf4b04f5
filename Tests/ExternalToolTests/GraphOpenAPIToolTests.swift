import Foundation
import GLaaSServer
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageStore
import TestSupport
import Testing

/// The OpenAPI document of the query API, valid (openapi-spec-validator) and true to the server
/// (schemathesis sends generated requests to a live server and checks every answer against
/// it). The tools come from a venv whose `bin` is `GLAAS_TEST_OPENAPI_TOOLS` (scripts/test.sh
/// installs them).
@Suite(
    .enabled(
        if: OpenAPITools.bin != nil,
        "needs GLAAS_TEST_OPENAPI_TOOLS (a venv bin with openapi-spec-validator and schemathesis; scripts/test.sh makes it)"),
    .everyStore, .timeLimit(.minutes(8)))
struct GraphOpenAPIToolTests {
    @Test func openAPISpecValidatorAcceptsTheDocument() async throws {
        let registry = try await TestRegistry(.sqlite)
        let document = try await registry.run { client in try await client.get("/openapi.json").json }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-openapi-\(UUID().uuidString).json")
        try Data(CanonicalJSON.bytes(document)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let tools = try #require(OpenAPITools.bin)
        let validated = try await ChildProcess.run(["\(tools)/openapi-spec-validator", file.path], timeout: .seconds(120))
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
    }

    /// Bounded: a few generated requests per operation, within a fixed time.
    @Test(arguments: StoreKind.available)
    func schemathesisFindsTheServerTrueToTheDocument(kind: StoreKind) async throws {
        let store = try await kind.make()
        let lineage = Lineage(
            git: GitContext(repo: "r", commit: "c", branch: "b"), creatorIdentity: "anonymous",
            jobs: [
                Job(
                    jobUID: "j1", command: "make data", timestamp: 1000, stepNumber: 1,
                    outputs: [ArtifactRef(hash: String(repeating: "ab", count: 32), path: "/d")]),
                Job(
                    jobUID: "j2", command: "make model", timestamp: 2000, stepNumber: 2,
                    inputs: [ArtifactRef(hash: String(repeating: "ab", count: 32), path: "/d")],
                    outputs: [ArtifactRef(hash: String(repeating: "cd", count: 32), path: "/m")]),
            ])
        _ = try await store.publish(LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil), closing: nil)
        let app = Application(
            router: GLaaSApplication.router(store: store, configuration: GLaaSConfiguration(port: 0)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let tools = try #require(OpenAPITools.bin)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let run = try await ChildProcess.run(
                [
                    "\(tools)/schemathesis", "run", "http://127.0.0.1:\(port)/openapi.json",
                    "--url", "http://127.0.0.1:\(port)/api/graph/v1", "--max-examples", "8", "--checks",
                    "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                    "--no-color",
                ], timeout: .seconds(300))
            #expect(run.status == 0, "\(run.stdout.suffix(4000))\(run.stderr.suffix(2000))")
        }
    }
}

/// The venv `bin` directory with openapi-spec-validator and schemathesis.
enum OpenAPITools {
    static var bin: String? { ProcessInfo.processInfo.environment["GLAAS_TEST_OPENAPI_TOOLS"].flatMap { $0.isEmpty ? nil : $0 } }
}
