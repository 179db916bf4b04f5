import GLaaSHTTP
import LineageModel
import LineageStore

/// Finalizing an open registration session, as the v1 finalize route and OpenLineage's terminal
/// events both do it: a session bound to an existing lineage (`SessionBinding`) records a new
/// publication of it; otherwise the staged jobs become a lineage, published in one transaction.
struct SessionFinalizer: Sendable {
    let store: any RegistrationStaging & LineagePublishing

    /// Finalizes `session` (read after its last staging, so its binding is current). `check`
    /// sees the publication before anything is written and may refuse it.
    func finalize(
        _ session: RegistrationSession, git: GitContext, visibility: Visibility, owner: String?, projectID: String? = nil,
        check: (LineagePublication) throws -> Void = { _ in }
    ) async throws -> PublishResult {
        if let bound = session.boundLineageHash {
            return try await store.bind(
                sessionID: session.id, toLineage: bound, visibility: visibility, ownerUserID: owner, projectID: projectID)
        }
        let staged = try await store.stagedLineage(sessionID: session.id)
        guard !staged.jobs.isEmpty else {
            // A finalize through another server may have closed the session (and dropped its
            // staging) since it was read: answer that finalize's receipt.
            if let receipt = try await store.registrationSession(id: session.id)?.receipt {
                return PublishResult(receipt: receipt, closedByThisCall: false)
            }
            throw GLaaSError.badRequest("Nothing to finalize: no jobs were staged in this registration session")
        }
        let publication = LineagePublication(
            lineage: Lineage(git: git, creatorIdentity: session.creatorIdentity, jobs: staged.jobs), artifacts: staged.artifacts,
            composites: staged.composites, viewEdges: staged.viewEdges, visibility: visibility, ownerUserID: owner, projectID: projectID,
            registrationSessionID: session.id)
        try check(publication)
        return try await store.publish(publication, closing: session.id)
    }
}
