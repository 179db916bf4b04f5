import Foundation
import LineageModel
import LineageStore

/// The lineage objects of a `glaas-graph` file (docs/export-format.md), from a `LineageRecord`.
public enum GraphEncoding {
    /// The `format` value of every graph file.
    public static let format = "glaas-graph"
    /// The version this glaas writes and the only one it reads.
    public static let version = 1

    /// The first line of a file: the top-level object up to the opening of `lineages`.
    public static var header: String { #"{"format":"\#(format)","version":\#(version),"lineages":["# }
    /// The last line of a file.
    public static let footer = "]}"

    /// One lineage as a JSON object.
    public static func json(_ record: LineageRecord) -> JSONValue {
        let lineage = record.lineage
        return .object([
            "hash": .string(record.hash),
            "creator_identity": .string(lineage.creatorIdentity),
            "git": .object(["repo": text(lineage.git.repo), "commit": text(lineage.git.commit), "branch": text(lineage.git.branch)]),
            "created_at": .double(record.createdAt.timeIntervalSince1970),
            "jobs": .array(lineage.jobs.map { json($0, viewEdges: record.viewEdges[$0.jobUID] ?? []) }),
            "artifacts": .array(record.artifacts.map(json)),
            "composites": .array(record.composites.map(json)),
            "publications": .array(
                record.publications.map { publication -> JSONValue in
                    var fields: [String: JSONValue] = [
                        "visibility": .string(publication.visibility.rawValue), "owner_user_id": text(publication.ownerUserID),
                        "created_at": .double(publication.createdAt.timeIntervalSince1970),
                    ]
                    // Only publications into a project carry the field, so older exports stay byte-identical.
                    if let project = publication.projectID { fields["project_id"] = .string(project) }
                    return .object(fields)
                }),
            "labels": .array(record.labels.map(json)),
        ])
    }

    static func json(_ job: Job, viewEdges: [ViewEdge]) -> JSONValue {
        .object([
            "job_uid": .string(job.jobUID), "command": text(job.command), "timestamp": number(job.timestamp),
            "git_commit": text(job.gitCommit), "git_branch": text(job.gitBranch), "duration_seconds": number(job.durationSeconds),
            "exit_code": job.exitCode.map { JSONValue.int(Int64($0)) } ?? .null, "job_type": .string(job.jobType),
            "step_number": .int(Int64(job.stepNumber)), "parent_job_uid": text(job.parentJobUID), "metadata": text(job.metadata),
            "inputs": .array(job.inputs.map(json)), "outputs": .array(job.outputs.map(json)),
            "view_edges": .array(
                viewEdges.map { edge in
                    JSONValue.object([
                        "relation": .string(edge.relation), "target_hash": .string(edge.targetHash), "bloom": .string(edge.bloom),
                        "selected_count": edge.selectedCount.map { JSONValue.int(Int64($0)) } ?? .null,
                        "parent_total": edge.parentTotal.map { JSONValue.int(Int64($0)) } ?? .null,
                    ])
                }),
        ])
    }

    static func json(_ composite: Composite) -> JSONValue {
        .object([
            "hash": .string(composite.artifact.hash), "component_count_total": .int(Int64(composite.componentCountTotal)),
            "membership_index": text(composite.membershipIndex),
            "components": .array(
                composite.components.map { component in
                    JSONValue.object([
                        "relative_path": .string(component.relativePath), "leaf_kind": text(component.leafKind),
                        "algorithm": .string(component.algorithm), "digest": .string(component.digest),
                        "size": component.size.map(JSONValue.int) ?? .null, "type": text(component.type),
                    ])
                }),
        ])
    }

    static func json(_ ref: ArtifactRef) -> JSONValue {
        .object([
            "hash": .string(ref.hash), "path": text(ref.path), "size": ref.size.map(JSONValue.int) ?? .null,
            "byte_ranges": ranges(ref.byteRanges),
        ])
    }

    static func json(_ artifact: Artifact) -> JSONValue {
        var members: [String: JSONValue] = [
            "hash": .string(artifact.hash),
            "digests": .array(
                artifact.digests.map { digest in JSONValue.object(["algorithm": .string(digest.algorithm), "digest": .string(digest.hex)]) }),
            "size": .int(artifact.size), "kind": .string(artifact.kind.rawValue), "source_type": text(artifact.sourceType),
            "source_url": text(artifact.sourceURL), "metadata": text(artifact.metadata),
        ]
        // Written only when false: a publisher that gave no size (`size` is then 0).
        if !artifact.sizeStated { members["size_stated"] = false }
        return .object(members)
    }

    static func json(_ label: LabelVersion) -> JSONValue {
        .object([
            "target": .object([
                "kind": .string(label.target.kind.rawValue), "lineage_hash": text(label.target.lineageHash),
                "job_uid": text(label.target.jobUID), "artifact_hash": text(label.target.artifactHash),
            ]),
            "version": .int(Int64(label.version)), "document": label.document.json,
            "tombstones": .array(label.tombstones.sorted().map(JSONValue.string)), "actor": .string(label.actor),
            "created_at": .double(label.createdAt.timeIntervalSince1970),
        ])
    }

    static func ranges(_ ranges: [[Int64]]?) -> JSONValue {
        guard let ranges else { return .null }
        return JSONValue.array(ranges.map { range in JSONValue.array(range.map(JSONValue.int)) })
    }

    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
}
