import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// The query API under /api/graph/v1, in process, on both stores.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct GraphRouteTests {
    static let base = "/api/graph/v1"

    /// L1 (public): prepare → data, train data → model-a, evaluate model-a → metrics-a;
    /// L2 (public): train data → model-b; L3 (private, alice's): train data → model-c.
    struct Graph {
        let registry: TestRegistry
        let alice: InMemoryEd25519Signer
        let l1: Lineage
        let l2: Lineage
        let l3: Lineage

        static func digest(_ name: String) -> String { SamplePipeline(tag: "-graph").digest(name) }
        static func ref(_ name: String) -> ArtifactRef { ArtifactRef(hash: digest(name), path: "/work/demo/\(name)") }
        static func lineage(_ tag: String, creator: String = "anonymous", _ jobs: [Job]) -> Lineage {
            Lineage(
                git: GitContext(repo: "https://example.com/demo.git", commit: "commit-\(tag)", branch: "main"), creatorIdentity: creator, jobs: jobs)
        }

        init(_ kind: StoreKind) async throws {
            registry = try await TestRegistry(kind)
            alice = InMemoryEd25519Signer()
            let user = try await registry.addUser("alice", signer: alice)
            l1 = Self.lineage(
                "l1",
                [
                    Job(jobUID: "p1", command: "python prepare.py", timestamp: 1000, stepNumber: 1, outputs: [Self.ref("data.csv")]),
                    Job(
                        jobUID: "t1", command: "python train.py --lr 0.1", timestamp: 2000, stepNumber: 2, metadata: #"{"numpy": "1.26"}"#,
                        inputs: [Self.ref("data.csv")], outputs: [Self.ref("model-a.pt")]),
                    Job(
                        jobUID: "e1", command: "python evaluate.py", timestamp: 3000, stepNumber: 3, inputs: [Self.ref("model-a.pt")],
                        outputs: [Self.ref("metrics-a.json")]),
                ])
            l2 = Self.lineage(
                "l2",
                [
                    Job(
                        jobUID: "t2", command: "python train.py --lr 0.2", timestamp: 4000, stepNumber: 2, metadata: #"{"numpy": "2.0"}"#,
                        inputs: [Self.ref("data.csv")], outputs: [Self.ref("model-b.pt")])
                ])
            l3 = Self.lineage(
                "l3", creator: user.creatorIdentity,
                [
                    Job(
                        jobUID: "t3", command: "python train.py --lr 0.3", timestamp: 5000, stepNumber: 1, inputs: [Self.ref("data.csv")],
                        outputs: [Self.ref("model-c.pt")])
                ])
            let store = registry.store
            _ = try await store.publish(LineagePublication(lineage: l1, visibility: .public, ownerUserID: nil), closing: nil)
            _ = try await store.publish(LineagePublication(lineage: l2, visibility: .public, ownerUserID: nil), closing: nil)
            _ = try await store.publish(LineagePublication(lineage: l3, visibility: .private, ownerUserID: user.id), closing: nil)
        }
    }

    static func strings(_ value: JSONValue?, _ key: String) -> [String] {
        value?.arrayValue?.compactMap { $0[key]?.stringValue } ?? []
    }

    @Test(arguments: StoreKind.available)
    func searchesAndLookups(kind: StoreKind) async throws {
        let graph = try await Graph(kind)
        try await graph.registry.run { client in
            let models = try await client.get("\(Self.base)/artifacts?path=/model-&limit=1")
            #expect(models.status == .ok)
            #expect(models.json["count"] == 1)
            let cursor = try #require(models.json["next_cursor"]?.stringValue)
            let rest = try await client.get("\(Self.base)/artifacts?path=/model-&limit=1&cursor=\(cursor)")
            #expect(
                Set(Self.strings(models.json["items"], "hash") + Self.strings(rest.json["items"], "hash")) == [
                    Graph.digest("model-a.pt"), Graph.digest("model-b.pt"),
                ])
            #expect(rest.json["next_cursor"] == .null)

            let prefix = String(Graph.digest("model-a.pt").prefix(12))
            #expect(
                Self.strings(try await client.get("\(Self.base)/artifacts?digest_prefix=\(prefix)").json["items"], "hash") == [
                    Graph.digest("model-a.pt")
                ])
            let artifact = try await client.get("\(Self.base)/artifacts/\(prefix)")
            #expect(artifact.status == .ok)
            #expect(Self.strings(artifact.json["produced_by"], "job_uid") == ["t1"])
            #expect(Self.strings(artifact.json["consumed_by"], "job_uid") == ["e1"])
            #expect(artifact.json["lineages"]?.arrayValue == [.string(graph.l1.canonicalHash)])

            let jobs = try await client.get("\(Self.base)/jobs?command=train.py&since=1970-01-01T00:33:20Z&until=4001")
            #expect(Self.strings(jobs.json["items"], "job_uid") == ["t1", "t2"])
            let job = try await client.get("\(Self.base)/jobs/\(graph.l2.canonicalHash)/t2")
            #expect(job.json["command"] == "python train.py --lr 0.2")
            #expect(Self.strings(job.json["inputs"], "hash") == [Graph.digest("data.csv")])

            let lineage = try await client.get("\(Self.base)/lineages/\(graph.l1.canonicalHash)")
            #expect(Self.strings(lineage.json["jobs"], "job_uid") == ["p1", "t1", "e1"])
            #expect(lineage.json["git"]?["commit"] == "commit-l1")

            let diff = try await client.get("\(Self.base)/lineages/\(graph.l1.canonicalHash)/diff/\(graph.l2.canonicalHash)")
            #expect(diff.status == .ok)
            #expect(diff.json["identical"] == false)
            #expect(Set(Self.strings(diff.json["jobs_removed"], "job_uid")) == ["p1", "e1"])
            let changed = diff.json["jobs_changed"]?[0]
            #expect(changed?["after"]?["job_uid"] == "t2")
            #expect(changed?["metadata"]?[0]?["key"] == "numpy")
            #expect(diff.json["git"]?[0]?["field"] == "commit")
        }
    }

    @Test(arguments: StoreKind.available)
    func walksReportTheirCaps(kind: StoreKind) async throws {
        let graph = try await Graph(kind)
        try await graph.registry.run { client in
            let data = Graph.digest("data.csv")
            let full = try await client.get("\(Self.base)/artifacts/\(data)/downstream?depth=5")
            #expect(full.status == .ok)
            #expect(full.json["truncated"] == false)
            #expect(full.json["counts"]?["jobs"] == 3)
            #expect(full.json["counts"]?["artifacts"] == 3)
            #expect(full.json["start"]?["artifact"]?["hash"]?.stringValue == data)
            #expect(full.json["edges"]?.arrayValue?.count == 6)

            let capped = try await client.get("\(Self.base)/artifacts/\(data)/downstream?depth=5&limit=2")
            #expect(capped.json["truncated"] == true)
            #expect(capped.json["truncation"]?["node_limit"] == true)
            #expect(capped.json["counts"]?["jobs"] == 2)

            let shallow = try await client.get("\(Self.base)/artifacts/\(Graph.digest("metrics-a.json"))/upstream?depth=1")
            #expect(shallow.json["truncated"] == true)
            #expect(shallow.json["truncation"]?["depth_limit"] == true)
            #expect(Self.strings(shallow.json["jobs"], "job_uid") == ["e1"])

            let fromJob = try await client.get("\(Self.base)/jobs/\(graph.l1.canonicalHash)/t1/downstream")
            #expect(fromJob.json["start"]?["job"]?["job_uid"] == "t1")
            #expect(Self.strings(fromJob.json["jobs"], "job_uid") == ["e1"])

            let leaves = try await client.get("\(Self.base)/artifacts/\(data)/terminal-descendants?limit=1")
            #expect(leaves.json["count"] == 1)
            let next = try #require(leaves.json["next_cursor"]?.stringValue)
            let more = try await client.get("\(Self.base)/artifacts/\(data)/terminal-descendants?limit=1&cursor=\(next)")
            #expect(
                Set(Self.strings(leaves.json["items"], "hash") + Self.strings(more.json["items"], "hash")) == [
                    Graph.digest("metrics-a.json"), Graph.digest("model-b.pt"),
                ])
            #expect(more.json["next_cursor"] == .null)
        }
    }

    @Test(arguments: StoreKind.available)
    func privateLineagesAreHiddenFromAnonymousReaders(kind: StoreKind) async throws {
        let graph = try await Graph(kind)
        let l3 = graph.l3.canonicalHash
        let model = Graph.digest("model-c.pt")
        try await graph.registry.run { client in
            for path in [
                "lineages/\(l3)", "jobs/\(l3)/t3", "jobs/\(l3)/t3/upstream", "artifacts/\(model)", "artifacts/\(model)/upstream",
                "lineages/\(l3)/diff/\(graph.l1.canonicalHash)",
            ] {
                let reply = try await client.get("\(Self.base)/\(path)")
                #expect(reply.status == .notFound, "\(path)")
                #expect(reply.message != nil)
            }
            #expect(try await client.get("\(Self.base)/jobs?command=--lr%200.3").json["count"] == 0)
            let data = Graph.digest("data.csv")
            #expect(!Self.strings(try await client.get("\(Self.base)/artifacts/\(data)/downstream").json["jobs"], "job_uid").contains("t3"))

            let signed = TestRegistry.Auth.ssh(graph.alice)
            #expect(try await client.get("\(Self.base)/lineages/\(l3)", auth: signed).status == .ok)
            #expect(try await client.get("\(Self.base)/jobs/\(l3)/t3", auth: signed).json["command"] == "python train.py --lr 0.3")
            #expect(
                Self.strings(try await client.get("\(Self.base)/artifacts/\(data)/downstream", auth: signed).json["jobs"], "job_uid").contains("t3"))
            #expect(
                Self.strings(try await client.get("\(Self.base)/artifacts/\(data)/terminal-descendants", auth: signed).json["items"], "hash")
                    .contains(model))
        }
    }

    @Test(arguments: StoreKind.available)
    func badParametersAreBadRequests(kind: StoreKind) async throws {
        let graph = try await Graph(kind)
        let data = Graph.digest("data.csv")
        let l1 = graph.l1.canonicalHash
        let bad = [
            "artifacts?limit=0", "artifacts?limit=501", "artifacts?limit=ten", "artifacts?cursor=garbage", "artifacts?digest_prefix=abc",
            "artifacts?digest_prefix=zzzzzzzzzz", "artifacts?since=yesterday", "artifacts?since=2000&until=1000", "artifacts?colour=red",
            "artifacts?label=owner..team", "artifacts?label=a&tag=b", "artifacts?path=", "artifacts?limit=1&limit=2",
            "jobs?until=soon", "jobs?cursor=\(String(repeating: "x", count: 100))", "artifacts/xyz", "artifacts/\(data)/downstream?depth=-1",
            "artifacts/\(data)/downstream?depth=101", "artifacts/\(data)/upstream?limit=10001", "artifacts/\(data)/upstream?cursor=a",
            "jobs/nothex/t1", "jobs/\(l1)/bad%20uid", "lineages/1234", "lineages/\(l1)/diff/5678", "lineages/\(l1)?x=1",
        ]
        try await graph.registry.run { client in
            // A cursor of one listing is refused by another.
            let jobsCursor = try #require(try await client.get("\(Self.base)/jobs?limit=1").json["next_cursor"]?.stringValue)
            for path in bad + ["artifacts?cursor=\(jobsCursor)", "artifacts/\(data)/terminal-descendants?cursor=\(jobsCursor)"] {
                let reply = try await client.get("\(Self.base)/\(path)")
                #expect(reply.status == .badRequest, "\(path): \(reply.status)")
                #expect(reply.message?.isEmpty == false, "\(path)")
            }
        }
    }
}
