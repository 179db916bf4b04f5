import Foundation
import TestSupport
import Testing

@testable import GLaaSWeb

/// The search box answers paths (substring) and tags through the store's query methods, and
/// never lists what an anonymous reader may not see.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct WebSearchTests {
    @Test(arguments: StoreKind.available)
    func aPathSubstringFindsTheArtifactsSeenThere(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        try await server.run { client in
            let page = try await client.get("/web/search?q=model.bin")
            #expect(page.status == .ok)
            #expect(page.links.contains("/web/artifacts/\(TestDigest.label("model.bin"))"))
            #expect(!page.body.contains("cannot search"))

            let nothing = try await client.get("/web/search?q=no-such-file-anywhere.xyz")
            #expect(nothing.status == .ok)
            #expect(!nothing.links.contains { $0.hasPrefix("/web/artifacts/") })
        }
    }

    @Test(arguments: StoreKind.available)
    func aTagWithoutMatchesIsAnEmptyAnswerNotAnError(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        try await server.run { client in
            let page = try await client.get("/web/search?q=tag:pii")
            #expect(page.status == .ok)
            #expect(!page.body.contains("cannot search"))
            #expect(!page.links.contains { $0.hasPrefix("/web/artifacts/") })
        }
    }
}
