import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Session expiry, the purge of abandoned sessions and the signature replay window, on both
/// stores, with the store's clock moved by the test (`RegistrationSessionRules`).
@Suite(.everyStore, .timeLimit(.minutes(5))) struct SessionClockTests {
    /// An anonymous session created at the clock's instant, open for an hour.
    static func session(_ clock: ManualClock, client: String? = nil, creator: String = "anonymous") -> RegistrationSession {
        RegistrationSession(
            id: UUID().uuidString.lowercased(), mode: .anonymousPublic, tokenHash: nil, ownerUserID: nil, creatorIdentity: creator,
            clientSessionID: client, status: .open, createdAt: clock.now, expiresAt: clock.now.addingTimeInterval(3600))
    }

    static let job = Job(
        jobUID: "job-1", command: "python train.py", stepNumber: 1, outputs: [ArtifactRef(hash: TestDigest.label("model"), path: "model.pt")])

    static func publication(_ session: RegistrationSession) -> LineagePublication {
        LineagePublication(
            lineage: Lineage(git: GitContext(repo: nil, commit: nil, branch: nil), creatorIdentity: session.creatorIdentity, jobs: [job]),
            visibility: .public, ownerUserID: nil, registrationSessionID: session.id)
    }

    @Test(arguments: StoreKind.available)
    func anExpiredSessionTakesNoStagingAndCannotBeFinalized(kind: StoreKind) async throws {
        let clock = ManualClock()
        let store = try await kind.make(clock: clock.storeClock)
        let session = try await store.createRegistrationSession(Self.session(clock))
        _ = try await store.stageJobs([Self.job], in: session.id)
        clock.advance(by: 3599)
        _ = try await store.stageLinks(
            [ArtifactRef(hash: TestDigest.label("data"), path: "data.csv")], direction: .input, jobUID: "job-1", in: session.id)
        clock.advance(by: 1)
        let expired = LineageStoreError.conflict("registration session \(session.id) has expired")
        await #expect(throws: expired) { try await store.stageJobs([Self.job], in: session.id) }
        await #expect(throws: expired) { try await store.stageArtifacts([try Sample.artifact("data")], in: session.id) }
        await #expect(throws: expired) { try await store.publish(Self.publication(session), closing: session.id) }
        await #expect(throws: expired) {
            try await store.bind(sessionID: session.id, toLineage: TestDigest.label("x"), visibility: .public, ownerUserID: nil, projectID: nil)
        }
        #expect(try await store.count(table: "lineages") == 0)
        // Still readable, with its staging, until the purge.
        #expect(try await store.registrationSession(id: session.id)?.status == .open)
        #expect(try await store.stagedLineage(sessionID: session.id).jobs.count == 1)
    }

    @Test(arguments: StoreKind.available)
    func aClosedSessionAnswersItsReceiptEvenAfterItsExpiry(kind: StoreKind) async throws {
        let clock = ManualClock()
        let store = try await kind.make(clock: clock.storeClock)
        let session = try await store.createRegistrationSession(Self.session(clock))
        let first = try await store.publish(Self.publication(session), closing: session.id)
        clock.advance(by: 7200)
        let again = try await store.publish(Self.publication(session), closing: session.id)
        #expect(!again.closedByThisCall)
        #expect(again.receipt == first.receipt)
        await #expect(throws: LineageStoreError.conflict("registration session \(session.id) is already finalized")) {
            try await store.stageJobs([Self.job], in: session.id)
        }
    }

    @Test(arguments: StoreKind.available)
    func abandonedSessionsArePurgedADayAfterTheyExpire(kind: StoreKind) async throws {
        let clock = ManualClock()
        let store = try await kind.make(clock: clock.storeClock)
        let abandoned = try await store.createRegistrationSession(Self.session(clock, client: "client-1"))
        _ = try await store.stageJobs([Self.job], in: abandoned.id)
        _ = try await store.stageLinks(
            [ArtifactRef(hash: TestDigest.label("data"), path: "data.csv")], direction: .input, jobUID: "job-1", in: abandoned.id)
        let finalized = try await store.createRegistrationSession(Self.session(clock))
        _ = try await store.publish(Self.publication(finalized), closing: finalized.id)

        // Expired, but not yet a day ago: kept.
        clock.advance(by: 3600 + RegistrationSessionRules.purgeDelay - 1)
        _ = try await store.createRegistrationSession(Self.session(clock))
        #expect(try await store.registrationSession(id: abandoned.id) != nil)
        #expect(try await store.count(table: "staged_jobs") == 1)

        // A day after its expiry the next session's creation drops it with its staging; the
        // finalized session keeps its receipt for good.
        clock.advance(by: 2)
        _ = try await store.createRegistrationSession(Self.session(clock))
        #expect(try await store.registrationSession(id: abandoned.id) == nil)
        for table in RegistrySchema.stagingTables { #expect(try await store.count(table: table) == 0, "\(table)") }
        #expect(try await store.registrationSession(id: finalized.id)?.receipt != nil)

        // Its client_session_id is free again.
        let reused = try await store.createRegistrationSession(Self.session(clock, client: "client-1"))
        #expect(reused.id != abandoned.id)
    }

    @Test(arguments: StoreKind.available)
    func aClientSessionIDBelongsToItsCreator(kind: StoreKind) async throws {
        let clock = ManualClock()
        let store = try await kind.make(clock: clock.storeClock)
        let first = try await store.createRegistrationSession(Self.session(clock, client: "shared"))
        #expect(try await store.createRegistrationSession(Self.session(clock, client: "shared")).id == first.id)
        await #expect(throws: LineageStoreError.conflict("client_session_id is already used by another publisher")) {
            try await store.createRegistrationSession(Self.session(clock, client: "shared", creator: "glaas:user:mallory"))
        }
    }

    @Test(arguments: StoreKind.available)
    func aUsedSignatureIsRefusedUntilItExpires(kind: StoreKind) async throws {
        let clock = ManualClock()
        let store = try await kind.make(clock: clock.storeClock)
        let expiry = clock.now.addingTimeInterval(300)
        #expect(try await store.recordSignatureUse("sig-1", expiresAt: expiry))
        #expect(try await !store.recordSignatureUse("sig-1", expiresAt: expiry))
        clock.advance(by: 301)
        #expect(try await store.recordSignatureUse("sig-1", expiresAt: clock.now.addingTimeInterval(300)))
    }

    @Test(arguments: StoreKind.available)
    func recordsAreStampedByTheStoreClock(kind: StoreKind) async throws {
        let clock = ManualClock()
        let store = try await kind.make(clock: clock.storeClock)
        let user = try await store.addUser(name: "alice", email: nil)
        #expect(user.createdAt == clock.now)
        let target = LabelTarget(kind: .artifact, lineageHash: nil, artifactHash: TestDigest.label("model"))
        clock.advance(by: 60)
        _ = try await store.applyLabelChanges([LabelChange(target: target, kind: .sync(LabelDocument(["a": 1])))], actor: "alice", dryRun: false)
        #expect(try await store.currentLabel(target)?.createdAt == clock.now)
        let session = try await store.createRegistrationSession(Self.session(clock))
        _ = try await store.publish(Self.publication(session), closing: session.id)
        #expect(try await store.lineage(hash: Self.publication(session).hash, visibleTo: .anonymous)?.createdAt == clock.now)
    }
}
