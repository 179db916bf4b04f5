import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension V1API {
    /// Turns the staged jobs into a lineage: the server computes the canonical hash, checks the
    /// client's expected counts, and publishes in one transaction. A closed session answers its
    /// receipt again; a re-register bound to an existing lineage answers that lineage.
    func finalize(_ session: RegistrationSession, body: JSONFields) async throws -> Response {
        if session.status == .closed, let receipt = session.receipt {
            return receiptResponse(receipt, session: session)
        }
        let git = GitContext(
            repo: try body.optionalString("git_repo", maxLength: 8192), commit: try body.optionalString("git_commit", maxLength: 256),
            branch: try body.optionalString("git_branch", maxLength: 1024))
        let target = try await publicationTarget(try body.optionalObject("scope_request"), session: session)
        let owner = target.owner
        let visibility =
            target.project == nil
            ? try await registrationVisibility(target.visibility, owner: owner, session: session, git: git) : target.visibility ?? .private
        let result = try await SessionFinalizer(store: store).finalize(
            session, git: git, visibility: visibility, owner: owner, projectID: target.project?.id
        ) { publication in
            guard let expected = try body.optionalObject("expected") else { return }
            let counts = publication.edgeCounts
            let want = (try expected.optionalInt("jobs"), try expected.optionalInt("inputs"), try expected.optionalInt("outputs"))
            if want.0 != nil && want.0 != counts.jobs || want.1 != nil && want.1 != counts.inputs || want.2 != nil && want.2 != counts.outputs {
                throw GLaaSError.badRequest(
                    "Staged lineage counts did not match: expected jobs=\(want.0.map(String.init) ?? "?") inputs=\(want.1.map(String.init) ?? "?") "
                        + "outputs=\(want.2.map(String.init) ?? "?"), staged jobs=\(counts.jobs) inputs=\(counts.inputs) outputs=\(counts.outputs)")
            }
        }
        return receiptResponse(result.receipt, session: session)
    }

    func receiptResponse(_ receipt: FinalizeReceipt, session: RegistrationSession) -> Response {
        let url = JSONValue.string(V1Responses.webURL(receipt.lineageHash, origin: webOrigin))
        return JSONResponse.envelope([
            "published_session_hash": .string(receipt.lineageHash),
            "hash": .string(receipt.lineageHash),
            "published_url": url,
            "url": url,
            "created": .bool(receipt.created),
            "mode": .string(session.mode.rawValue),
            "status": "closed",
            "registration_session_id": .string(session.id),
            "visibility": .string(receipt.visibility.rawValue),
            "counts": ["jobs": .int(Int64(receipt.jobs)), "inputs": .int(Int64(receipt.inputs)), "outputs": .int(Int64(receipt.outputs))],
        ])
    }

    /// The visibility to publish with (`PublicationVisibility.forRegistration`): what was asked,
    /// else public unless the owner already has this lineage privately.
    func registrationVisibility(_ requested: Visibility?, owner: String?, session: RegistrationSession, git: GitContext) async throws
        -> Visibility
    {
        guard requested == nil, let owner else { return requested ?? .public }
        let hash: String
        if let bound = session.boundLineageHash {
            hash = bound
        } else {
            let staged = try await store.stagedLineage(sessionID: session.id)
            hash = LineageHasher.hash(of: Lineage(git: git, creatorIdentity: session.creatorIdentity, jobs: staged.jobs))
        }
        let existing = try await store.lineage(hash: hash, visibleTo: .user(id: owner))
        let owned = existing != nil ? try await store.isOwner(.user(id: owner), ofLineage: hash) : false
        return PublicationVisibility.forRegistration(requested: nil, existing: owned ? existing?.visibility : nil)
    }

    /// Register-time label sync (`labels/batch`), allowed once the session is finalized and only
    /// for targets inside the lineage it published.
    func syncLabelsAfterFinalize(_ session: RegistrationSession, body: JSONFields) async throws -> Response {
        guard session.status == .closed, let receipt = session.receipt else {
            throw GLaaSError.conflict("Finalize the registration session before syncing its labels")
        }
        let viewer: Viewer = session.ownerUserID.map { .user(id: $0) } ?? .anonymous
        var changes: [LabelChange] = []
        for entry in try body.objects("labels", limit: V1Requests.maximumBatch) {
            let hash = try entry.optionalString("session_hash")?.lowercased() ?? receipt.lineageHash
            guard hash == receipt.lineageHash else {
                throw GLaaSError.forbidden("\(entry.name("session_hash")) is not the lineage this registration session published")
            }
            // An artifact label written at registration must name an artifact of this lineage:
            // a session labels what it published, never another publisher's artifact.
            if try entry.string("entity_type") == LabelTarget.Kind.artifact.rawValue {
                let artifact = try await store.requireArtifact(try entry.string("artifact_hash"), viewer: viewer).artifact.hash
                guard try await store.containsArtifact(artifact, inLineage: receipt.lineageHash) else {
                    throw GLaaSError.forbidden("\(entry.name("artifact_hash")) is not an artifact of the lineage this registration session published")
                }
            }
            let target = try await labelTarget(entry, defaultLineage: hash, viewer: viewer)
            changes.append(LabelChange(target: target, kind: .sync(try Self.labelDocument(entry))))
        }
        let results = try await store.applyLabelChanges(changes, actor: session.creatorIdentity, dryRun: false)
        return JSONResponse.envelope(Self.countSummary(results))
    }

    static func countSummary(_ results: [LabelChangeResult]) -> JSONValue {
        .object([
            "created": .int(Int64(results.filter { $0.action == .created }.count)),
            "updated": .int(Int64(results.filter { $0.action == .updated }.count)),
            "noops": .int(Int64(results.filter { $0.action == .noop }.count)),
        ])
    }
}
