import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct GraphSearchTests {
    @Test(arguments: StoreKind.available)
    func artifactsByDigestPrefixAndPathHonourVisibility(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        let store = fixture.store
        let model = TestDigest.label("model-a.pt")
        let byPrefix = try await store.searchArtifacts(
            ArtifactSearch(digestPrefix: try DigestPrefix(model.prefix(10)), limit: 10), visibleTo: .anonymous)
        #expect(byPrefix.items.map(\.hash) == [model])
        #expect(byPrefix.nextAfterID == nil)

        let anonymous = try await store.searchArtifacts(ArtifactSearch(pathContains: "/model-", limit: 10), visibleTo: .anonymous)
        #expect(Set(anonymous.items.map(\.hash)) == GraphFixture.hashes("model-a.pt", "model-b.pt"))
        let owner = try await store.searchArtifacts(ArtifactSearch(pathContains: "/model-", limit: 10), visibleTo: fixture.aliceViewer)
        #expect(Set(owner.items.map(\.hash)) == GraphFixture.hashes("model-a.pt", "model-b.pt", "model-c.pt"))
        // Case-sensitive, and a private artifact's own digest finds nothing for others.
        #expect(try await store.searchArtifacts(ArtifactSearch(pathContains: "/MODEL-", limit: 10), visibleTo: .anonymous).items.isEmpty)
        // The text is literal: LIKE's wildcards and FTS5's quotes find nothing they should not.
        for literal in ["del_a", "del%a", "%", "\"model", "model\\"] {
            #expect(
                try await store.searchArtifacts(ArtifactSearch(pathContains: literal, limit: 10), visibleTo: .anonymous).items.isEmpty, "\(literal)")
        }
        // Short texts (under a trigram) and a whole path still find it.
        #expect(
            Set(try await store.searchArtifacts(ArtifactSearch(pathContains: "-a", limit: 10), visibleTo: .anonymous).items.map(\.hash))
                == GraphFixture.hashes("model-a.pt", "metrics-a.json"))
        #expect(
            try await store.searchArtifacts(ArtifactSearch(pathContains: "/work/demo/model-b.pt", limit: 10), visibleTo: .anonymous).items.map(\.hash)
                == [TestDigest.label("model-b.pt")])
        let hidden = try DigestPrefix(TestDigest.label("model-c.pt"))
        #expect(try await store.searchArtifacts(ArtifactSearch(digestPrefix: hidden, limit: 10), visibleTo: .anonymous).items.isEmpty)
        #expect(try await store.searchArtifacts(ArtifactSearch(digestPrefix: hidden, limit: 10), visibleTo: fixture.aliceViewer).items.count == 1)
    }

    @Test(arguments: StoreKind.available)
    func artifactsPageWithoutDuplicatesOrMisses(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        var seen: [String] = []
        var after: Int64?
        var pages = 0
        repeat {
            let page = try await fixture.store.searchArtifacts(ArtifactSearch(afterID: after, limit: 2), visibleTo: .anonymous)
            #expect(page.items.count <= 2)
            seen += page.items.map(\.hash)
            after = page.nextAfterID
            pages += 1
        } while after != nil && pages < 10
        #expect(seen.count == Set(seen).count)
        #expect(Set(seen) == GraphFixture.hashes("raw.csv", "data.csv", "model-a.pt", "metrics-a.json", "model-b.pt"))
        #expect(pages == 3)
    }

    @Test(arguments: StoreKind.available)
    func artifactsByCurrentLabelOrTag(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        let store = fixture.store
        let model = TestDigest.label("model-a.pt")
        let target = LabelTarget(kind: .artifact, lineageHash: fixture.l1.canonicalHash, artifactHash: model)
        let document = LabelDocument(["owner": ["team": "vision"], "epochs": 3, "tag": ["pii": true]])
        _ = try await store.applyLabelChanges([LabelChange(target: target, kind: .sync(document))], actor: "alice", dryRun: false)

        func find(_ filter: LabelFilter) async throws -> [String] {
            try await store.searchArtifacts(ArtifactSearch(label: filter, limit: 10), visibleTo: .anonymous).items.map(\.hash)
        }
        #expect(try await find(LabelFilter(dottedKey: "owner.team", value: nil)) == [model])
        #expect(try await find(LabelFilter(dottedKey: "owner.team", value: "vision")) == [model])
        #expect(try await find(LabelFilter(dottedKey: "epochs", value: "3")) == [model])
        #expect(try await find(LabelFilter(dottedKey: "owner.team", value: "audio")).isEmpty)
        #expect(try await find(LabelFilter(dottedKey: "owner.name", value: nil)).isEmpty)
        #expect(try await find(LabelFilter.tag("pii")) == [model])
        #expect(try await find(LabelFilter.tag("gdpr")).isEmpty)

        // Only the current version counts.
        let next = LabelChange(target: target, kind: .reconcile(patch: LabelDocument(), deletedKeys: ["owner.team"], baseVersion: 1, prune: false))
        _ = try await store.applyLabelChanges([next], actor: "alice", dryRun: false)
        #expect(try await find(LabelFilter(dottedKey: "owner.team", value: nil)).isEmpty)
        #expect(try await find(LabelFilter(dottedKey: "epochs", value: nil)) == [model])
        // A label in a private lineage's scope (alice's L3 names data.csv) is found by alice only.
        let data = TestDigest.label("data.csv")
        let secret = LabelTarget(kind: .artifact, lineageHash: fixture.l3.canonicalHash, artifactHash: data)
        _ = try await store.applyLabelChanges(
            [LabelChange(target: secret, kind: .sync(LabelDocument(["tag": ["secret": true]])))], actor: "alice", dryRun: false)
        #expect(try await find(LabelFilter.tag("secret")).isEmpty)
        #expect(
            try await store.searchArtifacts(ArtifactSearch(label: LabelFilter.tag("secret"), limit: 10), visibleTo: fixture.aliceViewer).items.map(
                \.hash)
                == [data])
        #expect(throws: LineageStoreError.invalid("label key \"owner..team\" must be dotted segments without empty parts or quotes")) {
            try LabelFilter(dottedKey: "owner..team", value: nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func timeRanges(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        let store = fixture.store
        let later = try await store.searchArtifacts(ArtifactSearch(since: fixture.betweenL1AndL2, limit: 10), visibleTo: .anonymous)
        #expect(later.items.map(\.hash) == [TestDigest.label("model-b.pt")])
        let earlier = try await store.searchArtifacts(ArtifactSearch(until: fixture.betweenL1AndL2, limit: 10), visibleTo: .anonymous)
        #expect(Set(earlier.items.map(\.hash)) == GraphFixture.hashes("raw.csv", "data.csv", "model-a.pt", "metrics-a.json"))

        let jobs = try await store.searchJobs(
            JobSearch(since: Date(timeIntervalSince1970: 2000), until: Date(timeIntervalSince1970: 4000), limit: 10), visibleTo: .anonymous)
        #expect(jobs.items.map(\.job.jobUID) == ["t1", "e1"])
    }

    @Test(arguments: StoreKind.available)
    func jobsByCommandPagedAndSeenThroughTheViewer(kind: StoreKind) async throws {
        let fixture = try await GraphFixture(kind)
        let store = fixture.store
        let first = try await store.searchJobs(JobSearch(commandContains: "train.py", limit: 1), visibleTo: .anonymous)
        #expect(first.items.map(\.job.jobUID) == ["t1"])
        let second = try await store.searchJobs(JobSearch(commandContains: "train.py", afterID: first.nextAfterID, limit: 1), visibleTo: .anonymous)
        #expect(second.items.map(\.job.jobUID) == ["t2"])
        #expect(second.items.first?.lineageHash == fixture.l2.canonicalHash)
        #expect(second.items.first?.job.inputs.map(\.hash) == [TestDigest.label("data.csv")])
        #expect(second.nextAfterID == nil)
        let owner = try await store.searchJobs(JobSearch(commandContains: "train.py", limit: 10), visibleTo: fixture.aliceViewer)
        #expect(owner.items.map(\.job.jobUID) == ["t1", "t2", "t3"])
        // Literal and case-sensitive through the trigram index; short texts still match.
        #expect(
            try await store.searchJobs(JobSearch(commandContains: "--lr 0.3", limit: 10), visibleTo: fixture.aliceViewer).items.map(\.job.jobUID) == [
                "t3"
            ])
        for literal in ["train_py", "train%", "TRAIN.py", "\"train"] {
            #expect(
                try await store.searchJobs(JobSearch(commandContains: literal, limit: 10), visibleTo: fixture.aliceViewer).items.isEmpty, "\(literal)"
            )
        }
        #expect(
            try await store.searchJobs(JobSearch(commandContains: "py", limit: 10), visibleTo: fixture.aliceViewer).items.map(\.job.jobUID)
                == ["p1", "t1", "e1", "t2", "t3"])

        #expect(try await store.job(lineageHash: fixture.l3.canonicalHash, jobUID: "t3", visibleTo: .anonymous) == nil)
        #expect(
            try await store.job(lineageHash: fixture.l3.canonicalHash, jobUID: "t3", visibleTo: fixture.aliceViewer)?.job.command
                == "python train.py --lr 0.3")
        #expect(try await store.job(lineageHash: fixture.l1.canonicalHash, jobUID: "nope", visibleTo: .anonymous) == nil)
    }
}
