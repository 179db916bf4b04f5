import Foundation
import LineageModel

extension ForwardWalk {
    /// The walk in a registry's answer to `GET /api/graph/v1/artifacts/{digest}/downstream`:
    /// its nodes, edges and truncation flags as the registry reported them.
    public static func registry(_ document: JSONValue) throws -> ForwardWalk {
        guard let start = document["start"]?["artifact"], let startHash = start["hash"]?.stringValue else {
            throw RoarError.failed("the registry's downstream walk names no start artifact")
        }
        var walk = ForwardWalk(
            origin: "registry", start: Artifact(digest: startHash, path: nil, size: start["size"]?.int64Value, depth: 0),
            depth: Int(document["depth"]?.int64Value ?? 0), limit: Int(document["limit"]?.int64Value ?? 0))
        walk.artifacts = (document["artifacts"]?.arrayValue ?? []).compactMap { node in
            guard let hash = node["hash"]?.stringValue else { return nil }
            return Artifact(digest: hash, path: nil, size: node["size"]?.int64Value, depth: Int(node["depth"]?.int64Value ?? 0))
        }
        walk.jobs = (document["jobs"]?.arrayValue ?? []).compactMap { node in
            guard let lineage = node["lineage_hash"]?.stringValue, let uid = node["job_uid"]?.stringValue else { return nil }
            return Job(
                lineageHash: lineage, session: nil, uid: uid, step: Int(node["step_number"]?.int64Value ?? 0),
                command: node["command"]?.stringValue ?? "", depth: Int(node["depth"]?.int64Value ?? 0))
        }
        walk.edges = (document["edges"]?.arrayValue ?? []).compactMap { edge in
            guard let hash = edge["artifact"]?.stringValue, let lineage = edge["lineage_hash"]?.stringValue,
                let uid = edge["job_uid"]?.stringValue, let relation = edge["relation"]?.stringValue
            else { return nil }
            return Edge(digest: hash, jobKey: lineage + "/" + uid, relation: relation)
        }
        let truncation = document["truncation"]
        walk.depthLimitHit = truncation?["depth_limit"]?.boolValue ?? false
        walk.nodeLimitHit = truncation?["node_limit"]?.boolValue ?? false
        walk.edgeLimitHit = truncation?["edge_limit"]?.boolValue ?? false
        walk.depthReached = Int(document["depth_reached"]?.int64Value ?? 0)
        return walk
    }
}
