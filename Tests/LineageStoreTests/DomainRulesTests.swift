import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// The rules both stores apply (`LineageStore`, Rules/), as pure functions.
@Suite struct DomainRulesTests {
    let a = String(repeating: "a", count: 64)
    let b = String(repeating: "b", count: 64)

    @Test func aSessionIsBoundOnlyWhenEveryJobIsInOneAndTheSameLineageAndNoLinkWasStaged() {
        #expect(SessionBinding.boundLineage(alreadyRegistered: [a, a], hasLinks: false) == a)
        #expect(SessionBinding.boundLineage(alreadyRegistered: [a, a], hasLinks: true) == nil)
        #expect(SessionBinding.boundLineage(alreadyRegistered: [a, nil], hasLinks: false) == nil)
        #expect(SessionBinding.boundLineage(alreadyRegistered: [a, b], hasLinks: false) == nil)
        #expect(SessionBinding.boundLineage(alreadyRegistered: ["\(a),\(b)"], hasLinks: false) == nil)
        #expect(SessionBinding.boundLineage(alreadyRegistered: [], hasLinks: false) == nil)
        #expect(SessionBinding.registeredText([]) == nil)
        #expect(SessionBinding.registeredText([a, b]) == "\(a),\(b)")
        #expect(SessionBinding.stagingState(publishedIn: [], stagedBefore: false) == .created)
        #expect(SessionBinding.stagingState(publishedIn: [], stagedBefore: true) == .existing)
        #expect(SessionBinding.stagingState(publishedIn: [a], stagedBefore: true) == .alreadyRegistered([a]))
    }

    func session(
        status: RegistrationSession.Status = .open, expires: TimeInterval = 60, receipt: FinalizeReceipt? = nil, creator: String = "anonymous"
    )
        -> RegistrationSession
    {
        RegistrationSession(
            id: "s1", mode: .anonymousPublic, tokenHash: nil, ownerUserID: nil, creatorIdentity: creator, clientSessionID: "c1", status: status,
            createdAt: Date(timeIntervalSince1970: 0), expiresAt: Date(timeIntervalSince1970: expires), receipt: receipt)
    }

    @Test func aSessionIsOpenUntilItExpiresOrCloses() throws {
        let now = Date(timeIntervalSince1970: 30)
        #expect(try RegistrationSessionRules.requireOpen(session(), id: "s1", at: now).id == "s1")
        #expect(throws: LineageStoreError.notFound("registration session s1 not found")) {
            try RegistrationSessionRules.requireOpen(nil, id: "s1", at: now)
        }
        #expect(throws: LineageStoreError.conflict("registration session s1 has expired")) {
            try RegistrationSessionRules.requireOpen(session(expires: 30), id: "s1", at: now)
        }
        #expect(throws: LineageStoreError.conflict("registration session s1 is already finalized")) {
            try RegistrationSessionRules.requireOpen(session(status: .closed), id: "s1", at: now)
        }
    }

    @Test func finalizingAClosedSessionAnswersItsReceiptAndAnExpiredOneNothing() throws {
        let receipt = FinalizeReceipt(lineageHash: a, created: true, visibility: .public, jobs: 1, inputs: 0, outputs: 1)
        let late = Date(timeIntervalSince1970: 3600)
        #expect(try RegistrationSessionRules.receiptIfClosed(session(status: .closed, receipt: receipt), id: "s1", at: late) == receipt)
        #expect(try RegistrationSessionRules.receiptIfClosed(session(), id: "s1", at: Date(timeIntervalSince1970: 1)) == nil)
        #expect(throws: LineageStoreError.conflict("registration session s1 has expired")) {
            try RegistrationSessionRules.receiptIfClosed(session(), id: "s1", at: late)
        }
        #expect(RegistrationSessionRules.purgeCutoff(at: late) == late.addingTimeInterval(-86_400))
    }

    @Test func aClientSessionIDIsReusedByItsCreatorOnly() throws {
        #expect(try RegistrationSessionRules.reuse(session(), for: session()).id == "s1")
        #expect(throws: LineageStoreError.conflict("client_session_id is already used by another publisher")) {
            try RegistrationSessionRules.reuse(session(), for: session(creator: "glaas:user:mallory"))
        }
    }

    @Test func aliasesPairJobsByCanonicalPosition() {
        let lineage = Sample.pipeline()
        let stored = lineage.jobs.enumerated().map { PublishedJob(id: Int64($0.offset + 10), lineageHash: a, job: $0.element) }
        #expect(JobAliasPairing.aliases(stored: stored, publishing: lineage.jobs).isEmpty)
        let renamed = lineage.jobs.map { job in
            var job = job
            job.jobUID += "-x"
            return job
        }
        let aliases = JobAliasPairing.aliases(stored: stored, publishing: renamed.reversed())
        #expect(aliases.map(\.uid).sorted() == ["job1-x", "job2-x", "job3-x", "job4-x"])
        for alias in aliases {
            #expect(stored.first { $0.id == alias.jobID }?.job.jobUID == String(alias.uid.dropLast(2)))
        }
        #expect(JobAliasPairing.aliases(stored: Array(stored.prefix(3)), publishing: renamed).isEmpty)
    }

    @Test func aLabelPlanRefusesStaleEditsAndAppliesChangesInOrder() throws {
        let target = LabelTarget(kind: .dag, lineageHash: a)
        let date = Date(timeIntervalSince1970: 100)
        let current = LabelVersion(target: target, version: 2, document: LabelDocument(["x": 1]), tombstones: [], actor: "alice", createdAt: date)
        let stale = LabelChange(target: target, kind: .reconcile(patch: LabelDocument(["y": 2]), deletedKeys: [], baseVersion: 1, prune: false))
        #expect(throws: LineageStoreError.labelConflict([target])) {
            try LabelChangePlan([stale], current: [target.key: current], actor: "bob", at: date)
        }
        let first = LabelChange(target: target, kind: .reconcile(patch: LabelDocument(["y": 2]), deletedKeys: [], baseVersion: 2, prune: false))
        let second = LabelChange(target: target, kind: .reconcile(patch: LabelDocument(["z": 3]), deletedKeys: ["x"], baseVersion: nil, prune: false))
        let plan = try LabelChangePlan([first, second], current: [target.key: current], actor: "bob", at: date)
        #expect(plan.versions.map(\.version) == [3, 4])
        #expect(plan.versions.last?.document == LabelDocument(["y": 2, "z": 3]))
        #expect(plan.results.map(\.version) == [3, 4])
        let noop = try LabelChangePlan(
            [LabelChange(target: target, kind: .sync(LabelDocument(["x": 1])))], current: [target.key: current], actor: "bob", at: date)
        #expect(noop.versions.isEmpty && noop.results.map(\.action) == [.noop])
        #expect(LabelChangePlan.targetKeys([second, first, stale]) == [target.key])
    }

    @Test func aLineageIsVisibleThroughItsPublications() {
        let at = Date(timeIntervalSince1970: 0)
        let privateToAlice = PublicationRecord(visibility: .private, ownerUserID: "alice", createdAt: at)
        let publicByBob = PublicationRecord(visibility: .public, ownerUserID: "bob", createdAt: at)
        let anonymous = PublicationRecord(visibility: .public, ownerUserID: nil, createdAt: at)
        #expect(PublicationVisibility.isVisible([privateToAlice], to: .user(id: "alice")))
        #expect(!PublicationVisibility.isVisible([privateToAlice], to: .user(id: "bob")))
        #expect(!PublicationVisibility.isVisible([privateToAlice], to: .anonymous))
        #expect(PublicationVisibility.isVisible([privateToAlice, anonymous], to: .anonymous))
        #expect(PublicationVisibility.visibility(of: [privateToAlice]) == .private)
        #expect(PublicationVisibility.visibility(of: [privateToAlice, publicByBob]) == .public)
        #expect(PublicationVisibility.attributedOwner([anonymous, publicByBob, privateToAlice], viewer: .user(id: "alice")) == "alice")
        #expect(PublicationVisibility.attributedOwner([anonymous, publicByBob, privateToAlice], viewer: .anonymous) == "bob")
        #expect(PublicationVisibility.attributedOwner([privateToAlice], viewer: .user(id: "carol")) == nil)
        #expect(!PublicationVisibility.isNew(.private, owner: "alice", among: [privateToAlice]))
        #expect(PublicationVisibility.isNew(.public, owner: "alice", among: [privateToAlice]))
        #expect(PublicationVisibility.isNew(.public, owner: nil, among: [publicByBob]))
    }
}
