import Foundation
import GLaaSHTTP
import LineageModel
import LineageStore

/// The graph API's JSON shapes, snake_case throughout (documented in `OpenAPIDocument`).
enum GraphJSON {
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    static func optional(_ number: Double?) -> JSONValue { number.map(JSONValue.double) ?? .null }
    static func time(_ date: Date) -> JSONValue { .string(ISOTimestamp.string(from: date)) }

    static func artifactSummary(_ summary: ArtifactSummary) -> JSONValue {
        [
            "hash": .string(summary.hash), "algorithm": .string(summary.algorithm), "size": .int(summary.size),
            "kind": .string(summary.kind.rawValue), "registered_at": time(summary.registeredAt),
        ]
    }

    static func artifact(_ info: ArtifactInfo, lineages: [String], producers: [PublishedJob], consumers: [PublishedJob]) -> JSONValue {
        [
            "hash": .string(info.artifact.hash),
            "digests": .array(info.artifact.digests.map { ["algorithm": .string($0.algorithm), "digest": .string($0.hex)] }),
            "size": .int(info.artifact.size),
            "kind": .string(info.artifact.kind.rawValue),
            "registered_at": time(info.registeredAt),
            "visibility": .string(info.visibility.rawValue),
            "original_lineage_hash": optional(info.originalLineageHash),
            "owner_name": optional(info.ownerName),
            "component_count": info.componentCount.map { .int(Int64($0)) } ?? .null,
            "source_type": optional(info.artifact.sourceType),
            "source_url": optional(info.artifact.sourceURL),
            "metadata": optional(info.artifact.metadata),
            "label": info.labels.first.map { label -> JSONValue in ["version": .int(Int64(label.version)), "document": label.document.json] }
                ?? .null,
            "labels": .array(
                info.labels.map { label in
                    ["lineage_hash": optional(label.target.lineageHash), "version": .int(Int64(label.version)), "document": label.document.json]
                }),
            "claims": .array(info.claims.map(claim)),
            "conflicts": FactConflictJSON.json(info.conflicts),
            "lineages": .array(lineages.map(JSONValue.string)),
            "produced_by": .array(producers.map(jobReference)),
            "consumed_by": .array(consumers.map(jobReference)),
        ]
    }

    /// What one visible lineage said about an artifact.
    static func claim(_ claim: ArtifactClaim) -> JSONValue {
        [
            "lineage_hash": .string(claim.lineageHash), "publisher": .string(claim.publisher), "signed": .bool(claim.signed),
            "size": claim.size.map(JSONValue.int) ?? .null, "kind": optional(claim.kind?.rawValue),
            "digests": .array(claim.aliases.map { ["algorithm": .string($0.algorithm), "digest": .string($0.hex)] }),
            "source_type": optional(claim.sourceType), "source_url": optional(claim.sourceURL),
            "component_count": claim.componentCount.map { .int(Int64($0)) } ?? .null,
        ]
    }

    static func jobReference(_ published: PublishedJob) -> JSONValue {
        [
            "lineage_hash": .string(published.lineageHash), "job_uid": .string(published.job.jobUID),
            "command": optional(published.job.command), "step_number": .int(Int64(published.job.stepNumber)),
        ]
    }

    static func refs(_ refs: [ArtifactRef]) -> JSONValue {
        .array(refs.map { ["hash": .string($0.hash), "path": optional($0.path)] })
    }

    static func job(_ published: PublishedJob) -> JSONValue {
        let job = published.job
        return [
            "lineage_hash": .string(published.lineageHash),
            "job_uid": .string(job.jobUID),
            "command": optional(job.command),
            "timestamp": optional(job.timestamp),
            "step_number": .int(Int64(job.stepNumber)),
            "job_type": .string(job.jobType),
            "exit_code": job.exitCode.map { .int(Int64($0)) } ?? .null,
            "duration_seconds": optional(job.durationSeconds),
            "git_commit": optional(job.gitCommit),
            "git_branch": optional(job.gitBranch),
            "parent_job_uid": optional(job.parentJobUID),
            "metadata": optional(job.metadata),
            "inputs": refs(job.inputs),
            "outputs": refs(job.outputs),
        ]
    }

    static func lineage(_ info: LineageInfo, jobs: [PublishedJob]) -> JSONValue {
        let artifacts = Set(jobs.flatMap { $0.job.inputs.map(\.hash) + $0.job.outputs.map(\.hash) }).sorted()
        return [
            "hash": .string(info.hash),
            "git": ["repo": optional(info.git.repo), "commit": optional(info.git.commit), "branch": optional(info.git.branch)],
            "creator_identity": .string(info.creatorIdentity),
            "created_at": time(info.createdAt),
            "visibility": .string(info.visibility.rawValue),
            "owner_name": optional(info.ownerName),
            "job_count": .int(Int64(info.jobCount)),
            "jobs": .array(jobs.map(job)),
            "artifacts": .array(artifacts.map(JSONValue.string)),
        ]
    }

    static func page(_ items: [JSONValue], next: JSONValue) -> JSONValue {
        ["items": .array(items), "count": .int(Int64(items.count)), "next_cursor": next]
    }
}
