import Foundation
import LineageModel
import LineageStore
import TestSupport

/// A small registry for the query API tests, across lineages:
/// L1 (public): prepare raw.csv → data.csv; train data.csv → model-a.pt; evaluate model-a.pt → metrics-a.json.
/// L2 (public): train data.csv → model-b.pt (reads L1's output: the lineages link).
/// L3 (private, alice): train data.csv → model-c.pt.
struct GraphFixture {
    let store: any RegistryStore & StoreMaintenance
    let alice: User
    let l1: Lineage
    let l2: Lineage
    let l3: Lineage
    /// An instant between the publication of L1 and of L2.
    let betweenL1AndL2: Date

    static func ref(_ name: String) -> ArtifactRef { ArtifactRef(hash: TestDigest.label(name), path: "/work/demo/\(name)") }

    static func lineage(_ tag: String, creator: String = "anonymous", _ jobs: [Job]) -> Lineage {
        Lineage(git: GitContext(repo: "https://example.com/\(tag).git", commit: "c-\(tag)", branch: "main"), creatorIdentity: creator, jobs: jobs)
    }

    init(_ kind: StoreKind) async throws {
        store = try await kind.make()
        alice = try await store.addUser(name: "alice", email: nil)
        l1 = Self.lineage(
            "l1",
            [
                Job(
                    jobUID: "p1", command: "python prepare.py", timestamp: 1000, stepNumber: 1, inputs: [Self.ref("raw.csv")],
                    outputs: [Self.ref("data.csv")]),
                Job(
                    jobUID: "t1", command: "python train.py --lr 0.1", timestamp: 2000, stepNumber: 2, inputs: [Self.ref("data.csv")],
                    outputs: [Self.ref("model-a.pt")]),
                Job(
                    jobUID: "e1", command: "python evaluate.py", timestamp: 3000, stepNumber: 3, inputs: [Self.ref("model-a.pt")],
                    outputs: [Self.ref("metrics-a.json")]),
            ])
        l2 = Self.lineage(
            "l2",
            [
                Job(
                    jobUID: "t2", command: "python train.py --lr 0.2", timestamp: 4000, stepNumber: 1, inputs: [Self.ref("data.csv")],
                    outputs: [Self.ref("model-b.pt")])
            ])
        l3 = Self.lineage(
            "l3", creator: alice.creatorIdentity,
            [
                Job(
                    jobUID: "t3", command: "python train.py --lr 0.3", timestamp: 5000, stepNumber: 1, inputs: [Self.ref("data.csv")],
                    outputs: [Self.ref("model-c.pt")])
            ])
        _ = try await store.publish(LineagePublication(lineage: l1, visibility: .public, ownerUserID: nil), closing: nil)
        betweenL1AndL2 = Date()
        _ = try await store.publish(LineagePublication(lineage: l2, visibility: .public, ownerUserID: nil), closing: nil)
        _ = try await store.publish(LineagePublication(lineage: l3, visibility: .private, ownerUserID: alice.id), closing: nil)
    }

    var aliceViewer: Viewer { .user(id: alice.id) }

    static func hashes(_ names: String...) -> Set<String> { Set(names.map(TestDigest.label)) }
}
