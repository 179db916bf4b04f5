import Foundation
import LineageModel
import LineageStore

extension GraphJSON {
    static func walkArtifact(_ node: WalkArtifact) -> JSONValue {
        ["hash": .string(node.hash), "size": .int(node.size), "kind": .string(node.kind.rawValue), "depth": .int(Int64(node.depth))]
    }

    static func walkJob(_ node: WalkJob) -> JSONValue {
        [
            "lineage_hash": .string(node.lineageHash), "job_uid": .string(node.jobUID), "command": optional(node.command),
            "step_number": .int(Int64(node.stepNumber)), "timestamp": optional(node.timestamp), "depth": .int(Int64(node.depth)),
        ]
    }

    /// A walk's answer: nodes, edges by identities, and whether (and which) caps cut it.
    static func walk(_ result: GraphWalkResult, request: GraphWalkRequest) -> JSONValue {
        let startArtifacts = result.startArtifact.map { [$0] } ?? []
        let startJobs = result.startJob.map { [$0] } ?? []
        let artifactHashes = Dictionary(uniqueKeysWithValues: (startArtifacts + result.artifacts).map { ($0.id, $0.hash) })
        let jobKeys = Dictionary(uniqueKeysWithValues: (startJobs + result.jobs).map { ($0.id, ($0.lineageHash, $0.jobUID)) })
        let edges: [JSONValue] = result.edges.compactMap { edge in
            guard let hash = artifactHashes[edge.artifactID], let (lineage, uid) = jobKeys[edge.jobID] else { return nil }
            return [
                "artifact": .string(hash), "lineage_hash": .string(lineage), "job_uid": .string(uid),
                "relation": .string(edge.direction.rawValue),
            ]
        }
        let start: JSONValue
        if let artifact = result.startArtifact {
            start = ["type": "artifact", "artifact": walkArtifact(artifact)]
        } else if let job = result.startJob {
            start = ["type": "job", "job": walkJob(job)]
        } else {
            start = .null
        }
        return [
            "start": start,
            "direction": .string(request.direction.rawValue),
            "depth": .int(Int64(request.depth)),
            "limit": .int(Int64(request.nodeLimit)),
            "artifacts": .array(result.artifacts.map(walkArtifact)),
            "jobs": .array(result.jobs.map(walkJob)),
            "edges": .array(edges),
            "truncated": .bool(result.truncated),
            "truncation": [
                "node_limit": .bool(result.nodeLimitHit), "depth_limit": .bool(result.depthLimitHit), "edge_limit": .bool(result.edgeLimitHit),
            ],
            "counts": [
                "artifacts": .int(Int64(result.artifacts.count)), "jobs": .int(Int64(result.jobs.count)), "edges": .int(Int64(edges.count)),
            ],
            "depth_reached": .int(Int64(result.depthReached)),
        ]
    }

    static func diff(_ diff: LineageDiff) -> JSONValue {
        func field(_ change: LineageDiff.FieldChange) -> JSONValue {
            ["field": .string(change.field), "before": optional(change.before), "after": optional(change.after)]
        }
        func summary(_ job: LineageDiff.JobSummary) -> JSONValue {
            ["job_uid": .string(job.jobUID), "step_number": .int(Int64(job.stepNumber)), "command": optional(job.command)]
        }
        func digests(_ changes: [LineageDiff.DigestChange]) -> JSONValue {
            .array(changes.map { ["path": .string($0.path), "before": optional($0.before), "after": optional($0.after)] })
        }
        return [
            "from": .string(diff.fromHash),
            "to": .string(diff.toHash),
            "identical": .bool(diff.isEmpty),
            "git": .array(diff.git.map(field)),
            "jobs_added": .array(diff.jobsAdded.map(summary)),
            "jobs_removed": .array(diff.jobsRemoved.map(summary)),
            "jobs_changed": .array(
                diff.jobsChanged.map { change in
                    [
                        "before": summary(change.before), "after": summary(change.after),
                        "fields": .array(change.fields.map(field)),
                        "metadata": .array(
                            change.metadata.map { ["key": .string($0.key), "before": optional($0.before), "after": optional($0.after)] }),
                        "inputs": digests(change.inputs),
                        "outputs": digests(change.outputs),
                    ]
                }),
            "artifacts_added": .array(diff.artifactsAdded.map(JSONValue.string)),
            "artifacts_removed": .array(diff.artifactsRemoved.map(JSONValue.string)),
        ]
    }
}
