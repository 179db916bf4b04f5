import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Facts belong to lineages (issue 13 item 1): what each lineage said about an artifact is kept
/// with it and shown only to readers of that lineage; a first publisher no longer decides an
/// artifact's size, digests, components or source for everyone, an anonymous one never
/// outranks a signed one, and disagreements are listed with who said what.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct LineageFactsTests {
    static let wellKnown = TestDigest.label("well-known-sha256")

    /// A one-job lineage writing `artifact` (with its facts and, if given, composite facts).
    static func publication(
        _ tag: String, creator: String, artifact: Artifact, composite: [Composite.Component]? = nil, visibility: Visibility = .public,
        owner: String? = nil
    ) -> LineagePublication {
        let job = Job(
            jobUID: "make-\(tag)", command: "python make.py \(tag)", stepNumber: 1, outputs: [ArtifactRef(hash: artifact.hash, path: "out/\(tag)")])
        let lineage = Lineage(
            git: GitContext(repo: "https://example.com/\(tag).git", commit: "c1", branch: "main"), creatorIdentity: creator, jobs: [job])
        var artifact = artifact
        if composite != nil { artifact.kind = .composite }
        let composites = composite.map { [Composite(artifact: artifact, componentCountTotal: $0.count, components: $0, membershipIndex: nil)] } ?? []
        return LineagePublication(lineage: lineage, artifacts: [artifact], composites: composites, visibility: visibility, ownerUserID: owner)
    }

    static func components(_ names: [String]) -> [Composite.Component] {
        names.map { Composite.Component(relativePath: $0, leafKind: "file", algorithm: "blake3", digest: TestDigest.label($0), size: 5, type: nil) }
    }

    static func artifact(_ label: String, size: Int64, sha256: String? = nil, source: String? = nil) throws -> Artifact {
        var digests = [try Digest(algorithm: "blake3", hex: TestDigest.label(label))]
        if let sha256 { digests.append(try Digest(algorithm: "sha256", hex: sha256)) }
        return try Artifact(digests: digests, size: size, sourceType: source.map { _ in "s3" }, sourceURL: source)
    }

    @Test(arguments: StoreKind.available)
    func anAnonymousFirstWriterNeitherOverridesNorHidesASignedPublication(kind: StoreKind) async throws {
        let store = try await kind.make()
        let alice = try await store.addUser(name: "alice", email: nil)
        let real = TestDigest.label("sha:dataset")
        // The attacker registers the digest first, with a fake size, alias, components and source.
        let fake = Self.publication(
            "attacker", creator: "anonymous", artifact: try Self.artifact("dataset", size: 1, sha256: Self.wellKnown, source: "s3://evil/x"),
            composite: Self.components(["evil.txt"]))
        let signed = Self.publication(
            "alice", creator: alice.creatorIdentity, artifact: try Self.artifact("dataset", size: 4096, sha256: real, source: "s3://lab/dataset"),
            composite: Self.components(["a.txt", "b.txt"]))
        _ = try await store.publish(fake, closing: nil)
        _ = try await store.publish(signed, closing: nil)

        for viewer in [Viewer.anonymous, .user(id: alice.id)] {
            let info = try #require(
                try await store.artifacts(matching: try DigestPrefix(TestDigest.label("dataset")), visibleTo: viewer, limit: 5).first)
            #expect(info.artifact.size == 4096)
            #expect(info.artifact.digests.map(\.hex) == [TestDigest.label("dataset"), real])
            #expect(info.artifact.sourceURL == "s3://lab/dataset")
            #expect(info.componentCount == 2)
            #expect(try await store.components(ofComposite: info.artifact.hash, visibleTo: viewer).map(\.relativePath) == ["a.txt", "b.txt"])
            #expect(info.claims.map(\.lineageHash) == [signed.hash, fake.hash])
            #expect(info.claims.map(\.publisher) == ["alice", "anonymous"] && info.claims.map(\.signed) == [true, false])
            // Every disagreement is shown with both statements, the signed one first.
            #expect(Set(info.conflicts.map(\.fact)) == ["size", "digest:sha256", "source_url", "components"])
            let size = try #require(info.conflicts.first { $0.fact == "size" })
            #expect(size.values.map(\.value) == ["4096", "1"] && size.values.map(\.lineageHash) == [signed.hash, fake.hash])
        }
        // The walk and the listing take the signed size too.
        let listed = try await store.searchArtifacts(ArtifactSearch(limit: 10), visibleTo: .anonymous).items
        #expect(listed.map(\.size) == [4096] && listed.map(\.kind) == [.composite])
        // The attacker's own lineage still says what it said (nothing dropped).
        let record = try #require(try await store.lineageRecord(hash: fake.hash))
        #expect(record.artifacts.map(\.size) == [1] && record.composites.map { $0.components.map(\.relativePath) } == [["evil.txt"]])
    }

    @Test(arguments: StoreKind.available)
    func aClaimedWellKnownDigestNamesTheSignedArtifact(kind: StoreKind) async throws {
        let store = try await kind.make()
        let bob = try await store.addUser(name: "bob", email: nil)
        let squat = Self.publication("squat", creator: "anonymous", artifact: try Self.artifact("squatter", size: 3, sha256: Self.wellKnown))
        _ = try await store.publish(squat, closing: nil)
        let prefix = try DigestPrefix(Self.wellKnown)
        guard case .found(let before) = try await store.resolveArtifact(prefix, visibleTo: .anonymous) else { throw TestFailure("not found") }
        #expect(before.artifact.hash == TestDigest.label("squatter"))
        let real = Self.publication("real", creator: bob.creatorIdentity, artifact: try Self.artifact("real", size: 9, sha256: Self.wellKnown))
        _ = try await store.publish(real, closing: nil)
        guard case .found(let after) = try await store.resolveArtifact(prefix, visibleTo: .anonymous) else { throw TestFailure("not found") }
        #expect(after.artifact.hash == TestDigest.label("real"))
        // The real artifact kept its sha256: the squatter registering it first did not take it.
        #expect(after.artifact.digests.map(\.algorithm) == ["blake3", "sha256"])
        // Two anonymous claims to one digest: shown as ambiguous, neither silently wins.
        let other = Self.publication("other", creator: "anonymous", artifact: try Self.artifact("other", size: 3, sha256: TestDigest.label("x")))
        _ = try await store.publish(other, closing: nil)
        let again = Self.publication("again", creator: "anonymous", artifact: try Self.artifact("again", size: 3, sha256: TestDigest.label("x")))
        _ = try await store.publish(again, closing: nil)
        guard case .ambiguous(let both, _) = try await store.resolveArtifact(try DigestPrefix(TestDigest.label("x")), visibleTo: .anonymous) else {
            throw TestFailure("expected an ambiguous answer")
        }
        #expect(Set(both.map(\.artifact.hash)) == [TestDigest.label("other"), TestDigest.label("again")])
    }

    @Test(arguments: StoreKind.available)
    func aPrivateLineagesFactsStayWithItsReaders(kind: StoreKind) async throws {
        let store = try await kind.make()
        let alice = try await store.addUser(name: "alice", email: nil)
        let bob = try await store.addUser(name: "bob", email: nil)
        let secretAlias = TestDigest.label("sha:secret")
        let hidden = Self.publication(
            "private", creator: alice.creatorIdentity,
            artifact: try Self.artifact("shared", size: 777, sha256: secretAlias, source: "s3://alice-private/shared"),
            composite: Self.components(["secret/plan.txt"]), visibility: .private, owner: alice.id)
        _ = try await store.publish(hidden, closing: nil)
        let label = LabelTarget(kind: .artifact, lineageHash: hidden.hash, artifactHash: TestDigest.label("shared"))
        _ = try await store.applyLabelChanges(
            [LabelChange(target: label, kind: .sync(LabelDocument(["owner": "alice-secret"])))], actor: alice.creatorIdentity, dryRun: false)
        // Someone else names the same bytes publicly, only on an edge.
        let job = Job(jobUID: "use", command: "python use.py", stepNumber: 1, inputs: [ArtifactRef(hash: TestDigest.label("shared"), path: "in")])
        let open = LineagePublication(
            lineage: Lineage(git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: "anonymous", jobs: [job]), visibility: .public,
            ownerUserID: nil)
        _ = try await store.publish(open, closing: nil)

        for viewer in [Viewer.anonymous, .user(id: bob.id)] {
            let info = try #require(
                try await store.artifacts(matching: try DigestPrefix(TestDigest.label("shared")), visibleTo: viewer, limit: 5).first)
            #expect(info.claims.map(\.lineageHash) == [open.hash])
            #expect(info.artifact.digests.count == 1 && info.artifact.sourceURL == nil && info.componentCount == nil)
            #expect(info.artifact.size == 0 && info.labels.isEmpty && info.conflicts.isEmpty)
            #expect(try await store.components(ofComposite: info.artifact.hash, visibleTo: viewer).isEmpty)
            #expect(try await store.artifacts(matching: try DigestPrefix(secretAlias), visibleTo: viewer, limit: 5).isEmpty)
            #expect(
                try await store.searchArtifacts(ArtifactSearch(digestPrefix: try DigestPrefix(secretAlias), limit: 5), visibleTo: viewer).items
                    .isEmpty)
            #expect(try await store.searchArtifacts(ArtifactSearch(limit: 10), visibleTo: viewer).items.map(\.size) == [0])
        }
        let owner = try #require(try await store.artifacts(matching: try DigestPrefix(secretAlias), visibleTo: .user(id: alice.id), limit: 5).first)
        #expect(owner.artifact.size == 777 && owner.componentCount == 1 && owner.labels.map(\.document) == [LabelDocument(["owner": "alice-secret"])])
    }
}
