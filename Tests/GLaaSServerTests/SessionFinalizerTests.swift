import Foundation
import GLaaSHTTP
import LineageModel
import LineageStore
import TestSupport
import Testing

@testable import GLaaSServer

/// Two servers finalizing one session: the one that read the session before the other closed it
/// answers the other's receipt, never "nothing to finalize" (its staging is gone by then).
@Suite(.everyStore, .timeLimit(.minutes(5))) struct SessionFinalizerTests {
    @Test(arguments: StoreKind.available)
    func aFinalizeThatLostTheRaceAnswersTheWinnersReceipt(kind: StoreKind) async throws {
        let store = try await kind.make()
        let created = try await store.createRegistrationSession(Sample.session())
        let job = Job(jobUID: "j1", command: "python train.py", stepNumber: 1)
        _ = try await store.stageJobs([job], in: created.id)
        _ = try await store.stageLinks(
            [ArtifactRef(hash: String(repeating: "c", count: 64), path: "model.pt")], direction: .output, jobUID: "j1", in: created.id)
        let readByLoser = try #require(try await store.registrationSession(id: created.id))
        let git = GitContext(repo: nil, commit: nil, branch: nil)
        let finalizer = SessionFinalizer(store: store)

        let winner = try await finalizer.finalize(readByLoser, git: git, visibility: .public, owner: nil)
        #expect(winner.closedByThisCall && winner.receipt.created)
        let loser = try await finalizer.finalize(readByLoser, git: git, visibility: .public, owner: nil)
        #expect(!loser.closedByThisCall)
        #expect(loser.receipt == winner.receipt)
        #expect(try await store.count(table: "lineages") == 1)
    }

    @Test(arguments: StoreKind.available)
    func aSessionWithNothingStagedIsRefused(kind: StoreKind) async throws {
        let store = try await kind.make()
        let session = try await store.createRegistrationSession(Sample.session())
        let error = await #expect(throws: GLaaSError.self) {
            try await SessionFinalizer(store: store).finalize(
                session, git: GitContext(repo: nil, commit: nil, branch: nil), visibility: .public, owner: nil)
        }
        #expect(error?.status == .badRequest)
        #expect(error?.message == "Nothing to finalize: no jobs were staged in this registration session")
        #expect(try await store.count(table: "lineages") == 0)
    }
}
