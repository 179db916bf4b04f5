import Foundation
import LineageModel
import LineageStore

extension OpenLineageAPI {
    /// Stages the event's run as a job (merged with what earlier events of the run staged),
    /// its datasets as artifacts and its inputs and outputs as links.
    func stage(_ event: RunEvent, in sessionID: String, previous: [Job]) async throws {
        let job = try Self.job(event, previous: previous)
        let artifacts = Dictionary((event.inputs + event.outputs).map { ($0.artifact.hash, $0.artifact) }, uniquingKeysWith: { first, _ in first })
        _ = try await store.stageJobs([job], in: sessionID)
        if !artifacts.isEmpty { _ = try await store.stageArtifacts(artifacts.sorted { $0.key < $1.key }.map(\.value), in: sessionID) }
        if !event.inputs.isEmpty { _ = try await store.stageLinks(event.inputs.map(\.ref), direction: .input, jobUID: job.jobUID, in: sessionID) }
        if !event.outputs.isEmpty { _ = try await store.stageLinks(event.outputs.map(\.ref), direction: .output, jobUID: job.jobUID, in: sessionID) }
    }

    /// The job an event describes. Fields of the `glaas_job` facet are taken as they are (events
    /// glaas exported come back exactly); otherwise from the event (docs/openlineage.md).
    static func job(_ event: RunEvent, previous: [Job]) throws -> Job {
        let uid = jobUID(event)
        let before = previous.first { $0.jobUID == uid }
        // The facet is authoritative when present: a field it lacks is null (OpenLineage clients
        // drop null members when they serialize).
        let facet = event.glaasJob
        func text(_ key: String, else fallback: String?) throws -> String? {
            guard let facet else { return fallback }
            return try facet.optionalString(key)
        }
        func number(_ key: String, else fallback: Double?) throws -> Double? {
            guard let facet else { return fallback }
            return try facet.optionalDouble(key)
        }

        let started = event.eventType == .start || event.eventType == .running ? event.eventTime : nil
        let start = try number("timestamp", else: before?.timestamp ?? started)
        let duration = try number(
            "durationSeconds", else: event.eventType.isTerminal ? start.map { max(0, event.eventTime - $0) } : before?.durationSeconds)
        let exitCode: Int?
        if let facet {
            exitCode = try facet.optionalInt("exitCode")
        } else {
            exitCode = event.eventType == .complete ? 0 : event.eventType == .fail ? 1 : before?.exitCode
        }
        let summary = CanonicalJSON.string([
            "openlineage": [
                "job": ["namespace": .string(event.jobNamespace), "name": .string(event.jobName)],
                "run_id": .string(event.runID), "producer": .string(event.producer),
            ]
        ])
        return Job(
            jobUID: uid,
            command: try text("command", else: event.sourceCode ?? before?.command ?? event.jobName),
            timestamp: start,
            gitCommit: try text("gitCommit", else: event.git?.commit ?? before?.gitCommit),
            gitBranch: try text("gitBranch", else: event.git?.branch ?? before?.gitBranch),
            durationSeconds: duration, exitCode: exitCode,
            jobType: try text("jobType", else: before?.jobType),
            stepNumber: try facet?.optionalInt("stepNumber") ?? before?.stepNumber ?? previous.count + 1,
            parentJobUID: try text("parentJobUid", else: before?.parentJobUID),
            metadata: try text("metadata", else: before?.metadata ?? summary))
    }
}
