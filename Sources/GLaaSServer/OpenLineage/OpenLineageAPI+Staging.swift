import Foundation
import LineageModel
import LineageStore

extension OpenLineageAPI {
    /// Stages the event's run as a job (merged with what earlier events of the run staged),
    /// its datasets as artifacts and its inputs and outputs as links.
    func stage(_ event: RunEvent, in sessionID: String, previous: [Job]) async throws {
        let job = try self.job(event, previous: previous)
        let artifacts = Dictionary((event.inputs + event.outputs).map { ($0.artifact.hash, $0.artifact) }, uniquingKeysWith: { first, _ in first })
        _ = try await store.stageJobs([job], in: sessionID)
        if !artifacts.isEmpty { _ = try await store.stageArtifacts(artifacts.keys.sorted().map { artifacts[$0]! }, in: sessionID) }
        if !event.inputs.isEmpty { _ = try await store.stageLinks(event.inputs.map(\.ref), direction: .input, jobUID: job.jobUID, in: sessionID) }
        if !event.outputs.isEmpty { _ = try await store.stageLinks(event.outputs.map(\.ref), direction: .output, jobUID: job.jobUID, in: sessionID) }
    }

    /// The job an event describes. Fields of the `glaas_job` facet are taken as they are (events
    /// glaas exported come back exactly); otherwise from the event (docs/openlineage.md).
    func job(_ event: RunEvent, previous: [Job]) throws -> Job {
        let uid = jobUID(event)
        let before = previous.first { $0.jobUID == uid }
        let facet = event.glaasJob
        // The facet is authoritative when present: a field it lacks is null (OpenLineage clients
        // drop null members when they serialize).
        func has(_ key: String) -> Bool { facet != nil }

        let start: Double?
        if has("timestamp") {
            start = try facet?.optionalDouble("timestamp")
        } else {
            start = before?.timestamp ?? (event.eventType == .start || event.eventType == .running ? event.eventTime : nil)
        }
        let duration: Double?
        if has("durationSeconds") {
            duration = try facet?.optionalDouble("durationSeconds")
        } else {
            duration = event.eventType.isTerminal ? start.map { max(0, event.eventTime - $0) } : before?.durationSeconds
        }
        let exitCode: Int?
        if has("exitCode") {
            exitCode = try facet?.optionalInt("exitCode")
        } else {
            exitCode = event.eventType == .complete ? 0 : event.eventType == .fail ? 1 : before?.exitCode
        }
        let metadata: String?
        if has("metadata") {
            metadata = try facet?.optionalString("metadata")
        } else {
            metadata = before?.metadata ?? CanonicalJSON.string([
                "openlineage": [
                    "job": ["namespace": .string(event.jobNamespace), "name": .string(event.jobName)],
                    "run_id": .string(event.runID), "producer": .string(event.producer),
                ],
            ])
        }
        return Job(
            jobUID: uid,
            command: has("command") ? try facet?.optionalString("command") : event.sourceCode ?? before?.command ?? event.jobName,
            timestamp: start,
            gitCommit: has("gitCommit") ? try facet?.optionalString("gitCommit") : event.git?.commit ?? before?.gitCommit,
            gitBranch: has("gitBranch") ? try facet?.optionalString("gitBranch") : event.git?.branch ?? before?.gitBranch,
            durationSeconds: duration, exitCode: exitCode,
            jobType: has("jobType") ? try facet?.optionalString("jobType") : before?.jobType,
            stepNumber: try facet?.optionalInt("stepNumber") ?? before?.stepNumber ?? previous.count + 1,
            parentJobUID: has("parentJobUid") ? try facet?.optionalString("parentJobUid") : before?.parentJobUID,
            metadata: metadata)
    }
}
