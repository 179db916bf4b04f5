import Foundation
import LineageModel
import LineageStore

/// One lineage as OpenLineage RunEvents (docs/openlineage.md): a run for the lineage itself
/// (START first, COMPLETE last), and between them, per job in step order, a START (when the
/// start time is known) and a COMPLETE or FAIL by exit code, each naming the lineage's run as
/// its parent.
public struct OpenLineageEncoding {
    let record: LineageRecord
    let artifacts: [String: Artifact]

    /// Prepares the events of `record`.
    public init(_ record: LineageRecord) {
        self.record = record
        artifacts = Dictionary(record.artifacts.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var lineageRunID: String { OpenLineageSpec.uuid("lineage:\(record.hash)") }
    var lineageJobName: String { "lineage/\(record.hash)" }

    /// Every event, in the order a consumer should receive them.
    public func events() -> [JSONValue] {
        let jobs = record.lineage.jobs
        let created = record.createdAt.timeIntervalSince1970
        // A job without a start time ends, for OpenLineage, when the registry stored it.
        let ends = jobs.map { job in job.timestamp.map { $0 + (job.durationSeconds ?? 0) } ?? created }
        let start = jobs.compactMap(\.timestamp).min() ?? ends.min() ?? created
        var events = [lineageEvent("START", time: start)]
        for (job, end) in zip(jobs, ends) {
            if let start = job.timestamp { events.append(jobEvent(job, type: "START", time: start, outputs: false)) }
            events.append(jobEvent(job, type: (job.exitCode ?? 0) == 0 ? "COMPLETE" : "FAIL", time: end, outputs: true))
        }
        events.append(lineageEvent("COMPLETE", time: max(ends.max() ?? start, start)))
        return events
    }

    func lineageEvent(_ type: String, time: Double) -> JSONValue {
        let git = record.lineage.git
        let runFacets: [String: JSONValue] = [
            OpenLineageSpec.lineageRunFacet: OpenLineageSpec.facet(
                OpenLineageSpec.lineageRunFacet,
                [
                    "hash": .string(record.hash), "creatorIdentity": .string(record.lineage.creatorIdentity),
                    "git": .object(["repo": Self.text(git.repo), "commit": Self.text(git.commit), "branch": Self.text(git.branch)]),
                ])
        ]
        var jobFacets: [String: JSONValue] = ["jobType": Self.jobType("LINEAGE")]
        jobFacets["sourceCodeLocation"] = Self.sourceLocation(repo: git.repo, commit: git.commit, branch: git.branch)
        return event(
            type, time: time, runID: lineageRunID, runFacets: runFacets, jobName: lineageJobName, jobFacets: jobFacets, inputs: [], outputs: [])
    }

    func jobEvent(_ job: Job, type: String, time: Double, outputs: Bool) -> JSONValue {
        let parentJob: JSONValue = ["namespace": .string(OpenLineageSpec.jobNamespace), "name": .string(lineageJobName)]
        let parentRun: JSONValue = ["runId": .string(lineageRunID)]
        let runFacets: [String: JSONValue] = [
            "parent": OpenLineageSpec.facet("parent", ["run": parentRun, "job": parentJob, "root": ["run": parentRun, "job": parentJob]]),
            OpenLineageSpec.jobRunFacet: OpenLineageSpec.facet(
                OpenLineageSpec.jobRunFacet,
                [
                    "jobUid": .string(job.jobUID), "stepNumber": .int(Int64(job.stepNumber)), "jobType": .string(job.jobType),
                    "command": Self.text(job.command), "metadata": Self.text(job.metadata), "parentJobUid": Self.text(job.parentJobUID),
                    "timestamp": job.timestamp.map(JSONValue.double) ?? .null, "durationSeconds": job.durationSeconds.map(JSONValue.double) ?? .null,
                    "exitCode": job.exitCode.map { .int(Int64($0)) } ?? .null, "gitCommit": Self.text(job.gitCommit),
                    "gitBranch": Self.text(job.gitBranch),
                ]),
        ]
        var jobFacets: [String: JSONValue] = ["jobType": Self.jobType(job.jobType.uppercased())]
        if let command = job.command {
            jobFacets["sourceCode"] = OpenLineageSpec.facet("sourceCode", ["language": "shell", "sourceCode": .string(command)])
        }
        jobFacets["sourceCodeLocation"] = Self.sourceLocation(
            repo: record.lineage.git.repo, commit: job.gitCommit ?? record.lineage.git.commit, branch: job.gitBranch ?? record.lineage.git.branch)
        return event(
            type, time: time, runID: OpenLineageSpec.uuid("job:\(record.hash)/\(job.jobUID)"), runFacets: runFacets,
            jobName: job.command ?? "job/\(job.jobUID)", jobFacets: jobFacets,
            inputs: job.inputs.map { dataset($0, statistics: "inputStatistics") },
            outputs: outputs ? job.outputs.map { dataset($0, statistics: "outputStatistics") } : [])
    }

    func event(
        _ type: String, time: Double, runID: String, runFacets: [String: JSONValue], jobName: String, jobFacets: [String: JSONValue],
        inputs: [JSONValue], outputs: [JSONValue]
    ) -> JSONValue {
        .object([
            "eventType": .string(type), "eventTime": .string(ProvEncoding.isoTime(time)),
            "run": ["runId": .string(runID), "facets": .object(runFacets)],
            "job": ["namespace": .string(OpenLineageSpec.jobNamespace), "name": .string(jobName), "facets": .object(jobFacets)],
            "inputs": .array(inputs), "outputs": .array(outputs),
            "producer": .string(OpenLineageSpec.producer), "schemaURL": .string(OpenLineageSpec.runEventSchemaURL),
        ])
    }

    /// A dataset for an edge: named by its path, versioned and identified by its digests.
    func dataset(_ ref: ArtifactRef, statistics: String) -> JSONValue {
        let artifact = artifacts[ref.hash]
        let digests = artifact?.digests ?? [(try? PublicationPlan.stubDigest(ref.hash))].compactMap { $0 }
        let digest = artifact?.canonicalDigest.description ?? digests.first?.description ?? ref.hash
        let (namespace, name) = OpenLineageSpec.datasetName(path: ref.path, sourceURL: artifact?.sourceURL, digest: digest)
        let size = ref.size ?? artifact?.size
        var glaas: [String: JSONValue] = [
            "digests": .array(digests.map { JSONValue.object(["algorithm": .string($0.algorithm), "digest": .string($0.hex)]) }),
            "path": Self.text(ref.path), "edgeSize": ref.size.map(JSONValue.int) ?? .null,
            "byteRanges": GraphEncoding.ranges(ref.byteRanges),
        ]
        if let artifact {
            glaas["size"] = .int(artifact.size)
            glaas["kind"] = .string(artifact.kind.rawValue)
            glaas["sourceType"] = Self.text(artifact.sourceType)
            glaas["sourceURL"] = Self.text(artifact.sourceURL)
        }
        var dataset: [String: JSONValue] = [
            "namespace": .string(namespace), "name": .string(name),
            "facets": [
                "version": OpenLineageSpec.facet("version", ["datasetVersion": .string(digest)]),
                OpenLineageSpec.artifactFacet: OpenLineageSpec.facet(OpenLineageSpec.artifactFacet, glaas),
            ],
        ]
        if let size {
            let key = statistics == "inputStatistics" ? "inputFacets" : "outputFacets"
            dataset[key] = .object([statistics: OpenLineageSpec.facet(statistics, ["size": .int(size)])])
        }
        return .object(dataset)
    }

    static func jobType(_ type: String) -> JSONValue {
        OpenLineageSpec.facet("jobType", ["processingType": "BATCH", "integration": "GLAAS", "jobType": .string(type)])
    }

    static func sourceLocation(repo: String?, commit: String?, branch: String?) -> JSONValue? {
        guard let repo, !repo.isEmpty else { return nil }
        var fields: [String: JSONValue] = ["type": "git", "url": .string(repo), "repoUrl": .string(repo)]
        fields["version"] = commit.map(JSONValue.string)
        fields["branch"] = branch.map(JSONValue.string)
        return OpenLineageSpec.facet("sourceCodeLocation", fields)
    }

    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
}
