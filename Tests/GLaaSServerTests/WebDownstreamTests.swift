import Foundation
import LineageModel
import TestSupport
import Testing

/// The artifact page's forward views (issue 15, item 7): everything made from an artifact,
/// across lineages and depths, and its final outputs ("every model trained on this dataset"),
/// each through the reader's eyes.
@Suite(.timeLimit(.minutes(5))) struct WebDownstreamTests {
    @Test(arguments: StoreKind.available)
    func anArtifactPageWalksForwardToItsFinalOutputs(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        let open = SamplePipeline(tag: "-forward")
        let hidden = SamplePipeline(tag: "-forward-private")
        let privately: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
        try await registry.run { client in
            _ = try #require(try await open.register(client).hash)
            _ = try #require(try await hidden.register(client, signer: alice, scope: privately).hash)
            func text(_ path: String, _ auth: TestRegistry.Auth = .none) async throws -> (Int, String) {
                let reply = try await client.get(path, auth: auth)
                return (Int(reply.status.code), reply.json.stringValue ?? "")
            }
            let page = try await text("/web/artifacts/\(open.data)")
            #expect(page.1.contains("/web/artifacts/\(open.data)/downstream") && page.1.contains("/web/artifacts/\(open.data)/terminal"))

            let (status, downstream) = try await text("/web/artifacts/\(open.data)/downstream")
            #expect(status == 200 && downstream.contains(open.model) && downstream.contains(open.metrics) && downstream.contains("train"))
            let (_, shallow) = try await text("/web/artifacts/\(open.data)/downstream?depth=1")
            #expect(shallow.contains(open.model) && !shallow.contains(open.metrics) && shallow.contains("More lies beyond"))
            let (_, terminal) = try await text("/web/artifacts/\(String(open.data.prefix(16)))/terminal")
            #expect(terminal.contains(open.metrics) && !terminal.contains("/web/artifacts/\(open.model)\""), "\(terminal)")

            // A private lineage's artifacts walk forward for its owner only.
            #expect(try await text("/web/artifacts/\(hidden.data)/downstream").0 == 404)
            #expect(try await text("/web/artifacts/\(hidden.data)/terminal").0 == 404)
            let (owned, ownersView) = try await text("/web/artifacts/\(hidden.data)/terminal", .ssh(alice))
            #expect(owned == 200 && ownersView.contains(hidden.metrics))
            for bad in [
                "/web/artifacts/\(open.data)/downstream?depth=0", "/web/artifacts/\(open.data)/downstream?depth=x",
                "/web/artifacts/\(open.data)/terminal?after=-1",
            ] {
                #expect(try await text(bad).0 == 400, "\(bad)")
            }
        }
    }
}
