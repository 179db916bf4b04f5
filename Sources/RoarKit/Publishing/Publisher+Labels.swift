import Foundation
import GLaaSClient
import LineageModel

/// The register-time label sync (`labels/batch` after finalize), as roar-cli sends it: the
/// whole current local document of the lineage (`dag`), of each published job and of each
/// published artifact that has one, `roar.*` and `tag.*` included, with each key's origin.
extension Publisher {
    /// The `labels/batch` entries for `plan` published as `lineageHash`.
    public static func labelPayloads(_ plan: RegistrationPlan, lineageHash: String, store: LocalStore) throws -> [JSONValue] {
        var payloads: [JSONValue] = []
        func entry(_ target: LocalLabelTarget, _ fields: [String: JSONValue]) throws {
            let history = try store.labelHistory(target)
            guard let current = history.last else { return }
            var members = fields
            members["session_hash"] = .string(lineageHash)
            members["metadata"] = current.document.json
            members["key_origins"] = .object(LabelText.keyOrigins(history).mapValues(JSONValue.string))
            payloads.append(.object(members))
        }
        let sessions = Set(plan.jobs.map(\.sessionID))
        if sessions.count == 1, let session = sessions.first {
            try entry(LocalLabelTarget(kind: .dag, key: String(session), display: ""), ["entity_type": "dag"])
        }
        var seenJobs: Set<String> = []
        for job in plan.jobs where seenJobs.insert(job.uid).inserted {
            guard let remote = plan.remoteUIDs[job.uid] else { continue }
            try entry(LocalLabelTarget(kind: .job, key: job.uid, display: ""), ["entity_type": "job", "job_uid": .string(remote)])
        }
        for file in plan.artifacts {
            try entry(
                LocalLabelTarget(kind: .artifact, key: file.digest, display: ""), ["entity_type": "artifact", "artifact_hash": .string(file.digest)])
        }
        return payloads
    }

    /// Sends the labels of `plan` through the closed registration session, its jobs' system
    /// labels (`roar.*`) refreshed first.
    func syncLabels(_ plan: RegistrationPlan, lineageHash: String, session: RegistrationSessionHandle) async throws -> Int {
        for job in plan.jobs { try JobSystemLabels.refresh(job, store: store) }
        let payloads = try Self.labelPayloads(plan, lineageHash: lineageHash, store: store)
        do {
            try await client.syncLabels(payloads, in: session)
        } catch {
            throw RoarError.failed("registered lineage \(lineageHash), but the label sync failed: \(error)")
        }
        return payloads.count
    }
}
