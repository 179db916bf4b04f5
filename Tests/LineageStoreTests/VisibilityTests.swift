import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct VisibilityTests {
    @Test(arguments: StoreKind.available)
    func privateLineagesAreSeenOnlyByTheirOwner(kind: StoreKind) async throws {
        let store = try await kind.make()
        let alice = try await store.addUser(name: "alice", email: nil)
        let bob = try await store.addUser(name: "bob", email: nil)
        let lineage = Sample.pipeline(tag: "-private", creator: alice.creatorIdentity)
        let publication = LineagePublication(
            lineage: lineage, artifacts: try Sample.artifacts(tag: "-private"), visibility: .private, ownerUserID: alice.id)
        _ = try await store.publish(publication, closing: nil)
        let model = try DigestPrefix(TestDigest.label("model.pt-private"))

        for viewer in [Viewer.anonymous, .user(id: bob.id)] {
            #expect(try await store.lineage(hash: publication.hash, visibleTo: viewer) == nil)
            #expect(try await store.artifacts(matching: model, visibleTo: viewer, limit: 5).isEmpty)
            #expect(try await store.jobs(touching: model.hex, direction: .output, visibleTo: viewer, limit: 5).isEmpty)
            #expect(try await store.lineageHashes(containing: model.hex, visibleTo: viewer, limit: 5).isEmpty)
            #expect(try await !store.isOwner(viewer, ofLineage: publication.hash))
        }
        let owner = Viewer.user(id: alice.id)
        let info = try #require(try await store.lineage(hash: publication.hash, visibleTo: owner))
        #expect(info.visibility == .private)
        #expect(info.ownerName == "alice")
        #expect(try await store.artifacts(matching: model, visibleTo: owner, limit: 5).first?.visibility == .private)
        #expect(try await store.isOwner(owner, ofLineage: publication.hash))
        #expect(try await store.recentLineages(visibleTo: .anonymous, limit: 5).total == 0)
        #expect(try await store.recentLineages(visibleTo: owner, limit: 5).total == 1)
    }

    @Test(arguments: StoreKind.available)
    func aPublicPublicationOfTheSameLineageMakesItVisible(kind: StoreKind) async throws {
        let store = try await kind.make()
        let alice = try await store.addUser(name: "alice", email: "alice@example.com")
        let lineage = Sample.pipeline(creator: alice.creatorIdentity)
        _ = try await store.publish(LineagePublication(lineage: lineage, visibility: .private, ownerUserID: alice.id), closing: nil)
        #expect(try await store.lineage(hash: lineage.canonicalHash, visibleTo: .anonymous) == nil)
        let again = try await store.publish(LineagePublication(lineage: lineage, visibility: .public, ownerUserID: alice.id), closing: nil)
        #expect(!again.receipt.created)
        #expect(try await store.lineage(hash: lineage.canonicalHash, visibleTo: .anonymous)?.visibility == .public)
    }

    @Test(arguments: StoreKind.available)
    func anArtifactSharedWithAPublicLineageIsPublic(kind: StoreKind) async throws {
        let store = try await kind.make()
        let alice = try await store.addUser(name: "alice", email: nil)
        _ = try await store.publish(
            LineagePublication(lineage: Sample.pipeline(creator: alice.creatorIdentity), visibility: .private, ownerUserID: alice.id), closing: nil)
        _ = try await store.publish(LineagePublication(lineage: Sample.pipeline(), visibility: .public, ownerUserID: nil), closing: nil)
        let found = try await store.artifacts(matching: try DigestPrefix(TestDigest.label("model.pt")), visibleTo: .anonymous, limit: 5)
        #expect(found.count == 1)
        #expect(found.first?.originalLineageHash == Sample.pipeline().canonicalHash)
        #expect(
            try await store.lineageHashes(containing: TestDigest.label("model.pt"), visibleTo: .anonymous, limit: 5) == [
                Sample.pipeline().canonicalHash
            ])
        #expect(try await store.lineageHashes(containing: TestDigest.label("model.pt"), visibleTo: .user(id: alice.id), limit: 5).count == 2)
    }

    @Test(arguments: StoreKind.available)
    func usersAndKeys(kind: StoreKind) async throws {
        let store = try await kind.make()
        let alice = try await store.addUser(name: "alice", email: nil)
        await expectStoreError(.conflict, containing: "a user named \"alice\" or with id ") { try await store.addUser(name: "alice", email: nil) }
        let key = UserKey(
            fingerprint: "SHA256:abc", userID: alice.id, keyType: "ssh-ed25519", publicKeyBase64: "AAAA", comment: "laptop", createdAt: Date())
        try await store.addKey(key)
        await #expect(throws: LineageStoreError.conflict("this key is already added")) { try await store.addKey(key) }
        let found = try #require(try await store.user(keyFingerprint: "SHA256:abc"))
        #expect(found.0.name == "alice")
        #expect(try await store.user(keyFingerprint: "SHA256:nope") == nil)
        #expect(try await store.keys(ofUser: alice.id).map(\.comment) == ["laptop"])
        #expect(try await store.recordSignatureUse("sig1", expiresAt: Date().addingTimeInterval(60)))
        #expect(try await !store.recordSignatureUse("sig1", expiresAt: Date().addingTimeInterval(60)))
    }
}
