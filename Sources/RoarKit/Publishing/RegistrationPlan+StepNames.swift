import Foundation
import LineageModel

extension RegistrationPlan {
    /// The `labels/batch` entries roar-cli sends after finalize for named jobs (`roar run -n`):
    /// the job's `name` label, on the job's remote uid in the lineage `lineageHash`.
    public func stepNameLabels(lineageHash: String) -> [JSONValue] {
        jobs.compactMap { job in
            guard let name = job.stepName, let remote = remoteUIDs[job.uid] else { return nil }
            return [
                "entity_type": "job", "job_uid": .string(remote), "session_hash": .string(lineageHash),
                "metadata": ["name": .string(name)], "key_origins": ["name": "user"],
            ]
        }
    }
}
