import Foundation
import LineageModel
import RoarKit

/// What `roar register` prints: the outcome, or (dry run) what would be sent.
enum RegisterReport {
    static func text(_ outcome: Publisher.Outcome) -> String {
        let plan = outcome.plan
        let who = outcome.mode == .anonymous ? "anonymous" : outcome.mode.creatorIdentity
        var rows = [
            [outcome.alreadyRegistered ? "already registered" : "registered", "\(plan.target) (\(counts(plan)))"],
            ["lineage", outcome.lineageHash],
            ["url", outcome.webURL],
            ["visibility", "\(outcome.visibility), \(who)" + (outcome.scope.map { " in scope \($0.name)" } ?? "")],
        ]
        if outcome.labelsSynced > 0 { rows.append(["labels", "\(outcome.labelsSynced) documents synced"]) }
        return Output.table(rows)
    }

    static func json(_ outcome: Publisher.Outcome) -> JSONValue {
        let plan = outcome.plan
        return [
            "lineage_hash": .string(outcome.lineageHash), "url": .string(outcome.webURL), "already_registered": .bool(outcome.alreadyRegistered),
            "target": .string(plan.target), "jobs": .int(Int64(plan.jobs.count)), "artifacts": .int(Int64(plan.artifacts.count)),
            "links": .int(Int64(plan.linkCount)), "visibility": .string(outcome.visibility),
            "creator_identity": .string(outcome.mode.creatorIdentity), "authentication": .string(outcome.mode.authentication),
            "scope": outcome.scope.map { .string($0.name) } ?? .null,
            "remote_job_uids": .object(plan.remoteUIDs.mapValues(JSONValue.string)),
            "labels_synced": .int(Int64(outcome.labelsSynced)),
        ]
    }

    static func counts(_ plan: RegistrationPlan) -> String {
        "\(plan.jobs.count) jobs · \(plan.artifacts.count) artifacts · \(plan.linkCount) links"
    }

    static func dryRunText(_ plan: RegistrationPlan, registry: String?) -> String {
        var rows: [[String]] = [
            ["would register", plan.target],
            ["registry", registry ?? "not configured (roar config set glaas.url URL)"],
            ["counts", counts(plan)],
            ["lineage", "\(plan.lineageHash) (if published anonymously)"],
        ]
        for (index, job) in plan.jobs.enumerated() {
            rows.append([index == 0 ? "jobs" : "", "@\(job.stepNumber) \(plan.remoteUIDs[job.uid]!.prefix(12))  \(job.command)"])
        }
        return Output.table(rows)
    }

    static func dryRunJSON(_ plan: RegistrationPlan) -> JSONValue {
        let expected = plan.expectedCounts
        return [
            "dry_run": true, "target": .string(plan.target), "lineage_hash": .string(plan.lineageHash),
            "creator_identity": .string(plan.creatorIdentity),
            "git": [
                "repo": plan.git.repo.map(JSONValue.string) ?? .null, "commit": plan.git.commit.map(JSONValue.string) ?? .null,
                "branch": plan.git.branch.map(JSONValue.string) ?? .null,
            ],
            "counts": [
                "jobs": .int(Int64(expected.jobs)), "inputs": .int(Int64(expected.inputs)), "outputs": .int(Int64(expected.outputs)),
                "artifacts": .int(Int64(plan.artifacts.count)),
            ],
            "jobs": .array(plan.jobPayloads), "artifacts": .array(plan.artifactPayloads),
        ]
    }
}
