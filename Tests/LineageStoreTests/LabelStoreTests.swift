import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct LabelStoreTests {
    static let target = LabelTarget(kind: .artifact, lineageHash: nil, artifactHash: TestDigest.label("model.pt"))

    static func doc(_ json: String) throws -> LabelDocument { LabelDocument(try JSONParser.parse(json).objectValue!) }

    @Test(arguments: StoreKind.available)
    func reconcileVersionsAndRejectsAStaleBase(kind: StoreKind) async throws {
        let store = try await kind.make()
        let set = LabelChange(
            target: Self.target,
            kind: .reconcile(patch: try Self.doc(#"{"quality": "good", "owner": {"team": "ml"}}"#), deletedKeys: [], baseVersion: 0, prune: false))
        #expect(try await store.applyLabelChanges([set], actor: "alice", dryRun: false).map(\.version) == [1])
        // Same base again: stale.
        await #expect(throws: LineageStoreError.labelConflict([Self.target])) {
            try await store.applyLabelChanges([set], actor: "bob", dryRun: false)
        }
        let unset = LabelChange(
            target: Self.target, kind: .reconcile(patch: LabelDocument(), deletedKeys: ["quality", "absent"], baseVersion: 1, prune: false))
        let result = try await store.applyLabelChanges([unset], actor: "bob", dryRun: false)
        #expect(result.first?.deletedKeys == ["quality"])
        #expect(result.first?.action == .updated)
        #expect(try await store.currentLabel(Self.target)?.document == (try Self.doc(#"{"owner": {"team": "ml"}}"#)))
        #expect(try await store.labelHistory(Self.target).map(\.version) == [1, 2])
        #expect(try await store.labelHistory(Self.target).map(\.actor) == ["alice", "bob"])
    }

    @Test(arguments: StoreKind.available)
    func dryRunWritesNothing(kind: StoreKind) async throws {
        let store = try await kind.make()
        let set = LabelChange(target: Self.target, kind: .reconcile(patch: try Self.doc(#"{"a": 1}"#), deletedKeys: [], baseVersion: 0, prune: false))
        #expect(try await store.applyLabelChanges([set], actor: "x", dryRun: true).first?.action == .created)
        #expect(try await store.currentLabel(Self.target) == nil)
    }

    @Test(arguments: StoreKind.available)
    func syncNeverUndoesRemoteEdits(kind: StoreKind) async throws {
        let store = try await kind.make()
        let local = try Self.doc(#"{"quality": "good", "roar": {"git": {"commit": "abc"}}}"#)
        _ = try await store.applyLabelChanges([LabelChange(target: Self.target, kind: .sync(local))], actor: "a", dryRun: false)
        // Someone else, remotely: unset quality, set stage.
        _ = try await store.applyLabelChanges(
            [
                LabelChange(
                    target: Self.target,
                    kind: .reconcile(
                        patch: try Self.doc(#"{"stage": "prod"}"#), deletedKeys: ["quality"], baseVersion: 1, prune: false))
            ], actor: "b", dryRun: false)
        // The publisher re-registers with its stale local document and a new commit.
        let stale = try Self.doc(#"{"quality": "good", "roar": {"git": {"commit": "def"}}, "new": 1}"#)
        let outcome = try await store.applyLabelChanges([LabelChange(target: Self.target, kind: .sync(stale))], actor: "a", dryRun: false)
        #expect(outcome.first?.action == .updated)
        #expect(
            try await store.currentLabel(Self.target)?.document == (try Self.doc(#"{"stage": "prod", "new": 1, "roar": {"git": {"commit": "def"}}}"#))
        )
        // And the same sync again changes nothing.
        #expect(
            try await store.applyLabelChanges([LabelChange(target: Self.target, kind: .sync(stale))], actor: "a", dryRun: false).first?.action
                == .noop)
    }
}
