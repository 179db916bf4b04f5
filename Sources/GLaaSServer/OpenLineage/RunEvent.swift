import Foundation
import GLaaSHTTP
import LineageExport
import LineageModel
import LineageStore

/// An OpenLineage RunEvent as glaas reads it (docs/openlineage.md): everything checked before
/// anything is staged, so a bad event is a 400 that wrote nothing.
struct RunEvent {
    enum EventType: String {
        case start = "START"
        case running = "RUNNING"
        case complete = "COMPLETE"
        case abort = "ABORT"
        case fail = "FAIL"
        case other = "OTHER"

        /// COMPLETE and FAIL end a run with a result; ABORT ends it without one.
        var isTerminal: Bool { self == .complete || self == .fail }
    }

    /// At most this many inputs and outputs each per event.
    static let maximumDatasets = 10_000

    var eventType: EventType
    var eventTime: Double
    var runID: String
    var jobNamespace: String
    var jobName: String
    var producer: String
    /// The run whose completion publishes this run's lineage: the parent facet's root run, else
    /// its parent run, else this run itself.
    var groupRunID: String
    var inputs: [DatasetEdge]
    var outputs: [DatasetEdge]
    /// `sourceCode.sourceCode`: the command or code the job ran.
    var sourceCode: String?
    /// `sourceCodeLocation`: repository URL, commit (`version`) and branch.
    var git: GitContext?
    /// The `glaas_job` run facet of events glaas exported (exact job fields).
    var glaasJob: JSONFields?
    /// The `glaas_lineage` run facet: the lineage's git context.
    var glaasLineageGit: GitContext?

    init(_ body: JSONFields) throws {
        let typeText = try body.optionalString("eventType", maxLength: 32) ?? "OTHER"
        guard let type = EventType(rawValue: typeText) else {
            throw GLaaSError.badRequest("eventType must be START, RUNNING, COMPLETE, ABORT, FAIL or OTHER, not \"\(typeText.prefix(32))\"")
        }
        eventType = type
        let timeText = try body.string("eventTime")
        guard let time = EventTime.parse(timeText) else {
            throw GLaaSError.badRequest("eventTime must be an ISO 8601 date-time with a zone, not \"\(timeText.prefix(64))\"")
        }
        eventTime = time
        guard let run = try body.optionalObject("run") else {
            throw GLaaSError.badRequest("run is required: this endpoint accepts OpenLineage RunEvents (not DatasetEvents or JobEvents)")
        }
        runID = try Self.uuid(run, "runId")
        guard let job = try body.optionalObject("job") else { throw GLaaSError.badRequest("job is required") }
        jobNamespace = try job.string("namespace")
        jobName = try job.string("name")
        guard !jobNamespace.isEmpty, !jobName.isEmpty else { throw GLaaSError.badRequest("job.namespace and job.name must not be empty") }
        producer = try body.string("producer")
        _ = try body.optionalString("schemaURL")

        let runFacets = try run.optionalObject("facets")
        var group = runID
        if let parent = try runFacets?.optionalObject("parent") {
            guard let parentRun = try parent.optionalObject("run") else { throw GLaaSError.badRequest("\(parent.name("run")) is required") }
            group = try Self.uuid(parentRun, "runId")
            if let root = try parent.optionalObject("root"), let rootRun = try root.optionalObject("run") {
                group = try Self.uuid(rootRun, "runId")
            }
        }
        groupRunID = group
        glaasJob = try runFacets?.optionalObject(OpenLineageSpec.jobRunFacet)
        if let lineage = try runFacets?.optionalObject(OpenLineageSpec.lineageRunFacet), let git = try lineage.optionalObject("git") {
            glaasLineageGit = GitContext(
                repo: try git.optionalString("repo", maxLength: 8192), commit: try git.optionalString("commit", maxLength: 256),
                branch: try git.optionalString("branch", maxLength: 1024))
        }
        let jobFacets = try job.optionalObject("facets")
        sourceCode = try jobFacets?.optionalObject("sourceCode")?.optionalString("sourceCode")
        if let location = try jobFacets?.optionalObject("sourceCodeLocation") {
            git = GitContext(
                repo: try location.optionalString("repoUrl", maxLength: 8192) ?? location.optionalString("url", maxLength: 8192),
                commit: try location.optionalString("version", maxLength: 256), branch: try location.optionalString("branch", maxLength: 1024))
        }
        inputs = try body.objects("inputs", limit: Self.maximumDatasets, required: false).map { try DatasetEdge($0, statistics: "inputStatistics") }
        outputs = try body.objects("outputs", limit: Self.maximumDatasets, required: false).map {
            try DatasetEdge($0, statistics: "outputStatistics")
        }
        if let glaasJob {
            if let uid = try glaasJob.optionalString("jobUid"), !Job.isValidUID(uid) {
                throw GLaaSError.badRequest("\(glaasJob.name("jobUid")) must be 1-128 of A-Z a-z 0-9 - _ .")
            }
            _ = try glaasJob.optionalInt("stepNumber")
            _ = try glaasJob.optionalInt("exitCode")
            _ = try glaasJob.optionalDouble("timestamp")
            _ = try glaasJob.optionalDouble("durationSeconds")
            for key in ["command", "jobType", "metadata", "parentJobUid", "gitCommit", "gitBranch"] { _ = try glaasJob.optionalString(key) }
            if let metadata = try glaasJob.optionalString("metadata"), (try? JSONParser.parse(Array(metadata.utf8))) == nil {
                throw GLaaSError.badRequest("\(glaasJob.name("metadata")) must be JSON text")
            }
        }
    }

    /// Whether this event's run is the one that closes its group.
    var ownsGroup: Bool { groupRunID == runID }

    static func uuid(_ fields: JSONFields, _ key: String) throws -> String {
        let text = try fields.string(key)
        guard UUID(uuidString: text) != nil else { throw GLaaSError.badRequest("\(fields.name(key)) must be a UUID, not \"\(text.prefix(64))\"") }
        return text.lowercased()
    }
}
