import Foundation
import LineageModel
import TestSupport
import Testing

/// A URL that carries a password is never published: the registry refuses it where it enters,
/// on both stores, and stages nothing of it.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct CredentialURLTests {
    @Test(arguments: StoreKind.available)
    func aSourceURLWithAPasswordIsRefused(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            let (id, auth) = try await client.openAnonymousSession()
            let artifact: JSONValue = [
                "hashes": [["algorithm": "blake3", "digest": .string(TestDigest.label("with-password"))]], "size": 3,
                "source_type": "s3", "source_url": "s3://AKIAEXAMPLE:secret@bucket/data.csv",
            ]
            let reply = try await client.send(
                .post, "/api/v1/registration-sessions/\(id)/artifacts/batch", json: ["artifacts": [artifact]], auth: auth)
            #expect(reply.status == .badRequest)
            #expect(reply.message?.contains("carries a password") == true, "\(reply.message ?? "no message")")
            #expect(try await registry.store.stagedLineage(sessionID: id).artifacts.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func aGitRepositoryWithAPasswordIsNotPublished(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.run { client in
            var pipeline = SamplePipeline(tag: "-credentials")
            pipeline.gitRepo = "https://alice:ghp_token@git.example.com/demo.git"
            let registration = try await pipeline.register(client)
            #expect(registration.finalize.status == .badRequest)
            #expect(registration.finalize.message?.contains("carries a password") == true, "\(registration.finalize.message ?? "no message")")
            #expect(registration.hash == nil)
            #expect(try await registry.store.recentLineages(visibleTo: .anonymous, limit: 5).total == 0)
        }
    }
}
