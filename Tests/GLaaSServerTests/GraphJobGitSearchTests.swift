import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// `GET /api/graph/v1/jobs?repo=&commit=`: jobs by the repository their lineage was published
/// from and by commit prefix (the job's own commit, else its lineage's), on both stores; what
/// looks like SQL is only ever a value.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct GraphJobGitSearchTests {
    static let base = "/api/graph/v1"
    static let repoA = "https://example.com/team/a.git"
    static let repoB = "https://example.com/team/b.git"
    static let commitA = "abc1230000000000000000000000000000000000"
    static let commitB = "abc9990000000000000000000000000000000000"
    static let ownCommit = "def4560000000000000000000000000000000000"

    struct Registry {
        let registry: TestRegistry
        let alice: InMemoryEd25519Signer

        static func ref(_ name: String) -> ArtifactRef {
            ArtifactRef(hash: SamplePipeline(tag: "-git").digest(name), path: "/work/demo/\(name)")
        }

        init(_ kind: StoreKind) async throws {
            registry = try await TestRegistry(kind)
            alice = InMemoryEd25519Signer()
            let user = try await registry.addUser("alice", signer: alice)
            let a = Lineage(
                git: GitContext(repo: GraphJobGitSearchTests.repoA, commit: GraphJobGitSearchTests.commitA, branch: "main"),
                creatorIdentity: "anonymous",
                jobs: [
                    Job(jobUID: "a1", command: "python prepare.py", timestamp: 1000, stepNumber: 1, outputs: [Self.ref("a.csv")]),
                    Job(
                        jobUID: "a2", command: "python train.py", timestamp: 2000, gitCommit: GraphJobGitSearchTests.ownCommit, stepNumber: 2,
                        inputs: [Self.ref("a.csv")], outputs: [Self.ref("a.pt")]),
                ])
            let b = Lineage(
                git: GitContext(repo: GraphJobGitSearchTests.repoB, commit: GraphJobGitSearchTests.commitB, branch: "main"),
                creatorIdentity: "anonymous",
                jobs: [Job(jobUID: "b1", command: "python train.py", timestamp: 3000, stepNumber: 1, outputs: [Self.ref("b.pt")])])
            let hidden = Lineage(
                git: GitContext(repo: GraphJobGitSearchTests.repoA, commit: GraphJobGitSearchTests.commitA, branch: "main"),
                creatorIdentity: user.creatorIdentity,
                jobs: [Job(jobUID: "c1", command: "python secret.py", timestamp: 4000, stepNumber: 1, outputs: [Self.ref("c.pt")])])
            _ = try await registry.store.publish(LineagePublication(lineage: a, visibility: .public, ownerUserID: nil), closing: nil)
            _ = try await registry.store.publish(LineagePublication(lineage: b, visibility: .public, ownerUserID: nil), closing: nil)
            _ = try await registry.store.publish(LineagePublication(lineage: hidden, visibility: .private, ownerUserID: user.id), closing: nil)
        }
    }

    /// A query value percent-encoded so that `&`, `=`, `+`, `'`, `%` and spaces arrive as text.
    static func encoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    static func uids(_ reply: TestRegistry.Reply) -> [String] {
        reply.json["items"]?.arrayValue?.compactMap { $0["job_uid"]?.stringValue } ?? []
    }

    @Test(arguments: StoreKind.available)
    func jobsByRepositoryAndCommitPrefix(kind: StoreKind) async throws {
        let fixture = try await Registry(kind)
        try await fixture.registry.run { client in
            let byRepo = try await client.get("\(Self.base)/jobs?repo=\(Self.encoded(Self.repoA))")
            #expect(byRepo.status == .ok)
            #expect(Self.uids(byRepo) == ["a1", "a2"])
            #expect(Self.uids(try await client.get("\(Self.base)/jobs?repo=\(Self.encoded(Self.repoB))")) == ["b1"])
            // The lineage's commit for a job without its own; the job's own commit otherwise.
            #expect(Self.uids(try await client.get("\(Self.base)/jobs?commit=abc1")) == ["a1"])
            #expect(Self.uids(try await client.get("\(Self.base)/jobs?commit=ABC1")) == ["a1"])
            #expect(Self.uids(try await client.get("\(Self.base)/jobs?commit=\(Self.ownCommit)")) == ["a2"])
            #expect(Self.uids(try await client.get("\(Self.base)/jobs?commit=abc9&repo=\(Self.encoded(Self.repoB))&command=train")) == ["b1"])
            // The owner sees her private lineage's job too.
            let signed = try await client.get("\(Self.base)/jobs?repo=\(Self.encoded(Self.repoA))", auth: .ssh(fixture.alice))
            #expect(Self.uids(signed) == ["a1", "a2", "c1"])
        }
    }

    @Test(arguments: StoreKind.available)
    func injectionLookingValuesAreOnlyValues(kind: StoreKind) async throws {
        let fixture = try await Registry(kind)
        try await fixture.registry.run { client in
            for repo in ["x' OR '1'='1", "%", "_", "\(Self.repoA)' --", "\") OR 1=1; DROP TABLE jobs; --"] {
                let reply = try await client.get("\(Self.base)/jobs?repo=\(Self.encoded(repo))")
                #expect(reply.status == .ok, "\(repo)")
                #expect(reply.json["count"] == 0, "\(repo)")
            }
            for commit in ["abc1' OR 1=1 --", "%", "abc%", "ab", "abc_", "zzzz", String(repeating: "a", count: 65)] {
                let reply = try await client.get("\(Self.base)/jobs?commit=\(Self.encoded(commit))")
                #expect(reply.status == .badRequest, "\(commit)")
                #expect(reply.message?.contains("commit") == true)
            }
            #expect(try await client.get("\(Self.base)/jobs?repo=").status == .badRequest)
            // Everything still there.
            #expect(try await client.get("\(Self.base)/jobs").json["count"] == 3)
        }
    }
}
