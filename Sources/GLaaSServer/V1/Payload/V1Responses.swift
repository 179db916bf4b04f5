import Foundation
import GLaaSHTTP
import LineageModel
import LineageStore

/// Read-route JSON in the shapes roar-cli reads: camelCase, with the snake_case twins it also
/// accepts where the reference server sent both.
enum V1Responses {
    static func timestamp(_ date: Date) -> JSONValue {
        .string(ISOTimestamp.string(from: date))
    }

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// An artifact as roar-cli reads it. `labels` lists the label documents of the visible
    /// lineages that label it, lowest-ranked first: roar-cli merges them in order, so the
    /// highest-ranked lineage's values win. `conflicts` (ours) lists facts the lineages disagree on.
    static func artifact(_ info: ArtifactInfo) -> JSONValue {
        let artifact = info.artifact
        let isComposite = artifact.kind == .composite
        return .object([
            "id": .int(info.id),
            "hash": .string(artifact.hash),
            "hashes": .array(artifact.digests.map { .object(["algorithm": .string($0.algorithm), "digest": .string($0.hex)]) }),
            "size": .int(artifact.size),
            "kind": isComposite ? "composite" : .null,
            "isComposite": .bool(isComposite),
            "component_count": info.componentCount.map { .int(Int64($0)) } ?? .null,
            "labels": .array(
                info.labels.reversed().map {
                    .object([
                        "metadata": $0.document.json, "version": .int(Int64($0.version)), "sessionHash": optional($0.target.lineageHash),
                    ])
                }),
            "conflicts": FactConflictJSON.json(info.conflicts),
            "metadata": optional(artifact.metadata),
            "originalSessionHash": optional(info.originalLineageHash),
            "original_session_hash": optional(info.originalLineageHash),
            "registeredAt": timestamp(info.registeredAt),
            "registered_at": timestamp(info.registeredAt),
            "scope": .object([
                "owner_id": optional(info.ownerID), "owner_name": optional(info.ownerName),
                "project_id": .null, "project_name": .null, "visibility": .string(info.visibility.rawValue),
            ]),
            "source_type": optional(artifact.sourceType),
            "source_url": optional(artifact.sourceURL),
        ])
    }

    static func refs(_ refs: [ArtifactRef]) -> JSONValue {
        .array(refs.map { .object(["hash": .string($0.hash), "path": optional($0.path)]) })
    }

    static func job(_ published: PublishedJob) -> JSONValue {
        let job = published.job
        let number: (Double?) -> JSONValue = { $0.map(JSONValue.double) ?? .null }
        return .object([
            "id": .int(published.id),
            "jobUid": .string(job.jobUID), "job_uid": .string(job.jobUID),
            "command": optional(job.command),
            "timestamp": number(job.timestamp),
            "gitCommit": optional(job.gitCommit),
            "gitBranch": optional(job.gitBranch),
            "durationSeconds": number(job.durationSeconds),
            "exitCode": job.exitCode.map { .int(Int64($0)) } ?? .null,
            "jobType": .string(job.jobType), "job_type": .string(job.jobType),
            "stepNumber": .int(Int64(job.stepNumber)), "step_number": .int(Int64(job.stepNumber)),
            "parentJobUid": optional(job.parentJobUID),
            "metadata": optional(job.metadata),
            "inputs": refs(job.inputs),
            "outputs": refs(job.outputs),
            "sessionHash": .string(published.lineageHash),
        ])
    }

    static func lineageSummary(_ info: LineageInfo, webOrigin: String) -> JSONValue {
        .object([
            "hash": .string(info.hash),
            "gitRepo": optional(info.git.repo), "gitCommit": optional(info.git.commit), "gitBranch": optional(info.git.branch),
            "jobCount": .int(Int64(info.jobCount)),
            "createdAt": timestamp(info.createdAt),
            "url": .string(webURL(info.hash, origin: webOrigin)),
            "visibility": .string(info.visibility.rawValue),
            "creatorIdentity": .string(info.creatorIdentity),
        ])
    }

    static func webURL(_ lineageHash: String, origin: String) -> String { "\(origin)/web/dag/\(lineageHash)" }
}

/// UTC timestamps like `2026-11-27T14:32:06Z`, the form the reference server sends.
enum ISOTimestamp {
    /// The time, clamped to years 1-9999 (`RecordRanges.seconds`): ISO 8601 has no other years,
    /// and a conversion of a larger value would trap.
    static func string(from date: Date) -> String {
        let raw = date.timeIntervalSince1970
        let range = RecordRanges.seconds
        var seconds = time_t((raw.isNaN ? 0 : min(max(raw, range.lowerBound), range.upperBound)).rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(parts.tm_year + 1900)
        return
            "\(String(repeating: "0", count: max(0, 4 - year.count)) + year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
