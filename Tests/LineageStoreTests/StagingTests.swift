import Foundation
import LineageModel
import LineageStore
import TestSupport
import Testing

@Suite(.everyStore, .timeLimit(.minutes(5))) struct StagingTests {
    /// Stages the sample pipeline the way roar-cli does: jobs, artifacts, then links per job.
    static func stage(_ lineage: Lineage, artifacts: [Artifact], in session: RegistrationSession, store: any RegistryStore) async throws
        -> [JobStagingResult]
    {
        let results = try await store.stageJobs(
            lineage.jobs.map { job in
                var bare = job
                bare.inputs = []
                bare.outputs = []
                return bare
            }, in: session.id)
        _ = try await store.stageArtifacts(artifacts, in: session.id)
        for job in lineage.jobs {
            _ = try await store.stageLinks(job.inputs, direction: .input, jobUID: job.jobUID, in: session.id)
            _ = try await store.stageLinks(job.outputs, direction: .output, jobUID: job.jobUID, in: session.id)
        }
        return results
    }

    @Test(arguments: StoreKind.available)
    func stagedLineageHashesLikeTheOriginalAndFinalizesOnce(kind: StoreKind) async throws {
        let store = try await kind.make()
        let session = try await store.createRegistrationSession(Sample.session())
        let lineage = Sample.pipeline()
        let results = try await Self.stage(lineage, artifacts: try Sample.artifacts(), in: session, store: store)
        #expect(results.map(\.state) == Array(repeating: .created, count: 4))
        #expect(results.map(\.id) == [1, 2, 3, 4])

        let staged = try await store.stagedLineage(sessionID: session.id)
        #expect(staged.linkCount == 8)
        let rebuilt = Lineage(git: lineage.git, creatorIdentity: "anonymous", jobs: staged.jobs)
        #expect(rebuilt.canonicalHash == lineage.canonicalHash)

        let publication = LineagePublication(
            lineage: rebuilt, artifacts: staged.artifacts, visibility: .public, ownerUserID: nil, registrationSessionID: session.id)
        let first = try await store.publish(publication, closing: session.id)
        #expect(first.closedByThisCall && first.receipt.created)
        #expect(first.receipt.inputs == 4 && first.receipt.outputs == 4 && first.receipt.jobs == 4)
        let second = try await store.publish(publication, closing: session.id)
        #expect(!second.closedByThisCall)
        #expect(second.receipt == first.receipt)
        #expect(try await store.registrationSession(id: session.id)?.status == .closed)
        // Staging is gone; the closed session refuses more.
        await #expect(throws: LineageStoreError.conflict("registration session \(session.id) is already finalized")) {
            try await store.stageJobs(lineage.jobs, in: session.id)
        }
        #expect(try await store.stagedLineage(sessionID: session.id).jobs.isEmpty)
    }

    @Test(arguments: StoreKind.available)
    func aReRegisterIsBoundToTheExistingLineage(kind: StoreKind) async throws {
        let store = try await kind.make()
        let lineage = Sample.pipeline()
        let first = try await store.createRegistrationSession(Sample.session())
        _ = try await Self.stage(lineage, artifacts: [], in: first, store: store)
        let staged = try await store.stagedLineage(sessionID: first.id)
        _ = try await store.publish(
            LineagePublication(
                lineage: Lineage(git: lineage.git, creatorIdentity: "anonymous", jobs: staged.jobs), visibility: .public, ownerUserID: nil,
                projectID: nil),
            closing: first.id)

        let second = try await store.createRegistrationSession(Sample.session())
        let results = try await store.stageJobs(lineage.jobs, in: second.id)
        #expect(results.allSatisfy { $0.state == .alreadyRegistered([lineage.canonicalHash]) })
        #expect(try await store.registrationSession(id: second.id)?.boundLineageHash == lineage.canonicalHash)
        let bound = try await store.bind(
            sessionID: second.id, toLineage: lineage.canonicalHash, visibility: .public, ownerUserID: nil, projectID: nil)
        #expect(!bound.receipt.created)
        #expect(bound.receipt.lineageHash == lineage.canonicalHash)
        #expect(bound.receipt.inputs == 4)

        // Another creator's jobs with the same uids are not "already registered" for this one.
        let other = try await store.createRegistrationSession(Sample.session(creator: "glaas:user:someone"))
        #expect(try await store.stageJobs(lineage.jobs, in: other.id).allSatisfy { $0.state == .created })
    }

    @Test(arguments: StoreKind.available)
    func restagingIsCountedAsExistingAndLinksNeedAStagedJob(kind: StoreKind) async throws {
        let store = try await kind.make()
        let session = try await store.createRegistrationSession(Sample.session())
        let job = Job(jobUID: "a1", command: "x", stepNumber: 1)
        _ = try await store.stageJobs([job], in: session.id)
        #expect(try await store.stageJobs([job], in: session.id).map(\.state) == [.existing])
        await #expect(throws: LineageStoreError.notFound("job nope is not staged in registration session \(session.id)")) {
            try await store.stageLinks([ArtifactRef(hash: TestDigest.label("x"), path: "/x")], direction: .input, jobUID: "nope", in: session.id)
        }
        let counts = try await store.stageArtifacts([try Sample.artifact("x"), try Sample.artifact("x")], in: session.id)
        #expect(counts.created == 1 && counts.updated == 1)
        await #expect(throws: LineageStoreError.notFound("registration session no-such-session not found")) {
            try await store.stageJobs([job], in: "no-such-session")
        }
    }

    @Test(arguments: StoreKind.available)
    func clientSessionIDsMakeCreationIdempotent(kind: StoreKind) async throws {
        let store = try await kind.make()
        var session = Sample.session()
        session.clientSessionID = "roar-delegated-v2-abc"
        let first = try await store.createRegistrationSession(session)
        var retry = Sample.session()
        retry.clientSessionID = "roar-delegated-v2-abc"
        #expect(try await store.createRegistrationSession(retry).id == first.id)
    }

    @Test(arguments: StoreKind.available)
    func concurrentPublishesOfOneLineageStoreItOnce(kind: StoreKind) async throws {
        let store = try await kind.make()
        let publication = LineagePublication(
            lineage: Sample.pipeline(), artifacts: try Sample.artifacts(), visibility: .public, ownerUserID: nil, projectID: nil)
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { try await store.publish(publication, closing: nil).receipt.created } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(created == 1)
        #expect(try await store.jobs(inLineage: publication.hash).count == 4)
    }
}

@Suite(.everyStore, .timeLimit(.minutes(5))) struct JobAliasTests {
    @Test(arguments: StoreKind.available)
    func theSameContentUnderOtherJobUIDsIsOneLineageWithAliases(kind: StoreKind) async throws {
        let store = try await kind.make()
        let lineage = Sample.pipeline()
        _ = try await store.publish(LineagePublication(lineage: lineage, visibility: .public, ownerUserID: nil, projectID: nil), closing: nil)
        var renamed = lineage
        for index in renamed.jobs.indices { renamed.jobs[index].jobUID = "other-\(index)" }
        renamed.jobs.reverse()
        #expect(renamed.canonicalHash == lineage.canonicalHash)
        let again = try await store.publish(LineagePublication(lineage: renamed, visibility: .public, ownerUserID: nil, projectID: nil), closing: nil)
        #expect(!again.receipt.created)
        #expect(try await store.jobs(inLineage: lineage.canonicalHash).count == 4)
        // "other-0" renamed job1.
        #expect(try await store.resolveJobUID("other-0", inLineage: lineage.canonicalHash) == "job1")
        #expect(try await store.resolveJobUID("job2", inLineage: lineage.canonicalHash) == "job2")
        #expect(try await store.resolveJobUID("nope", inLineage: lineage.canonicalHash) == nil)
        let session = try await store.createRegistrationSession(Sample.session())
        #expect(try await store.stageJobs([renamed.jobs[0]], in: session.id).first?.state == .alreadyRegistered([lineage.canonicalHash]))
    }
}
