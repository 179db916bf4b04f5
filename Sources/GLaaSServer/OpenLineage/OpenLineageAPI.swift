import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

/// `POST /api/v1/lineage`, where OpenLineage's HTTP transport and Marquez send RunEvents
/// (docs/openlineage.md). Runs are staged in a registration session per run group (the root or
/// parent run, else the run itself) and published through the store's publish path, with the
/// lineage hash computed as for every lineage, when the group's own run completes or fails.
struct OpenLineageAPI: Sendable {
    typealias Context = GLaaSRequestContext

    let store: any RegistrationStaging & LineagePublishing
    let configuration: GLaaSConfiguration

    func addRoutes(to router: Router<Context>) {
        router.post("api/v1/lineage") { request, context in try await ingest(request, context) }
    }

    func ingest(_ request: Request, _ context: Context) async throws -> Response {
        let user: User?
        switch context.principal {
        case .anonymous: user = nil
        case .user(let signed, _): user = signed
        case .registrationToken:
            throw GLaaSError.unauthorized("OpenLineage events are sent anonymously or signed with an SSH key, not with a registration session token")
        }
        let producerKey = try ProducerKey(request.headers)
        let event = try RunEvent(try await V1API.body(request, context))
        let scope: String
        if let user {
            scope = user.creatorIdentity
        } else if let producerKey {
            scope = "anonymous:" + producerKey.digest
        } else {
            // No one can prove an anonymous group was theirs: without a producer key an event
            // is a group of its own, published by itself when it is its run's last.
            guard event.ownsGroup, event.eventType.isTerminal else { return ignoredResponse(event) }
            scope = "anonymous:single:" + UUID().uuidString.lowercased()
        }
        let session = try await groupSession(event, user: user, scope: scope)
        if session.status == .closed {
            guard let receipt = session.receipt, event.ownsGroup, event.eventType.isTerminal else {
                throw GLaaSError.conflict(
                    "Run \(event.groupRunID) was already published as lineage \(session.receipt?.lineageHash ?? "?"); its runs can no longer change")
            }
            return response(receipt)
        }
        var staged = try await store.stagedLineage(sessionID: session.id)
        let carriesDatasets = !event.inputs.isEmpty || !event.outputs.isEmpty
        let stagedBefore = staged.jobs.contains { $0.jobUID == Self.jobUID(event) }
        if !event.ownsGroup || carriesDatasets || stagedBefore || (event.eventType.isTerminal && staged.jobs.isEmpty) {
            try await stage(event, in: session.id, previous: staged.jobs)
            staged = try await store.stagedLineage(sessionID: session.id)
        }
        guard event.ownsGroup, event.eventType.isTerminal else {
            return JSONResponse.make(["status": "staged", "run_group": .string(event.groupRunID), "staged_jobs": .int(Int64(staged.jobs.count))])
        }
        let git = event.glaasLineageGit ?? event.git ?? GitContext(repo: nil, commit: nil, branch: nil)
        // Read again: staging this event may have changed the session's binding.
        let current = try await store.registrationSession(id: session.id) ?? session
        let result = try await SessionFinalizer(store: store).finalize(current, git: git, visibility: .public, owner: user?.id)
        return response(result.receipt)
    }

    /// The registration session that collects a run group, made on its first event.
    func groupSession(_ event: RunEvent, user: User?, scope: String) async throws -> RegistrationSession {
        let now = Date()
        return try await store.createRegistrationSession(
            RegistrationSession(
                id: UUID().uuidString.lowercased(), mode: user == nil ? .anonymousPublic : .authenticated, tokenHash: nil, ownerUserID: user?.id,
                creatorIdentity: user?.creatorIdentity ?? "anonymous", clientSessionID: Self.groupKey(event, scope: scope), status: .open,
                createdAt: now, expiresAt: now.addingTimeInterval(configuration.registrationSessionLifetime)))
    }

    /// The registration session of a run group is its sender's own: keyed by the sender's scope
    /// (a signed user's creator identity, an anonymous producer key's digest, or a scope of one
    /// event) and the group's run id, so no one can join or squat another's group by its run id.
    static func groupKey(_ event: RunEvent, scope: String) -> String {
        "openlineage:\(scope):\(event.groupRunID)"
    }

    /// The answer to an anonymous event without a producer key that cannot be published alone
    /// (a START, a RUNNING, or a child run's event): accepted, and nothing written.
    func ignoredResponse(_ event: RunEvent) -> Response {
        JSONResponse.make(
            [
                "status": "ignored", "run_group": .string(event.groupRunID),
                "reason": .string(
                    "Anonymous events without an X-GLaaS-Producer-Key header are published one at a time, by a run's own COMPLETE or FAIL event; "
                        + "send the same key (a random secret of 32 to 256 characters) with every event of a run group to stage it, or sign the events"
                ),
            ], status: .accepted)
    }

    /// The `glaas_job` facet's uid (checked when the event was read), else the run id.
    static func jobUID(_ event: RunEvent) -> String { (try? event.glaasJob?.optionalString("jobUid")) ?? event.runID }

    func response(_ receipt: FinalizeReceipt) -> Response {
        JSONResponse.make([
            "status": "published", "lineage_hash": .string(receipt.lineageHash), "created": .bool(receipt.created),
            "url": .string(V1Responses.webURL(receipt.lineageHash, origin: configuration.webOrigin)),
            "counts": ["jobs": .int(Int64(receipt.jobs)), "inputs": .int(Int64(receipt.inputs)), "outputs": .int(Int64(receipt.outputs))],
        ])
    }
}
