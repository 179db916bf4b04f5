import Foundation
import LineageModel
import LineageStore

/// Why a graph file, or one lineage in it, cannot be read: one line for the operator.
public struct GraphFormatError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// An error with its one-line message.
    public init(_ description: String) { self.description = description }
}

/// Reads the objects that `GraphEncoding` writes, checking every field's type.
public enum GraphDecoding {
    /// Checks the top-level `format` and `version` of a graph file.
    public static func checkHeader(_ value: JSONValue) throws(GraphFormatError) {
        guard value["format"]?.stringValue == GraphEncoding.format else {
            throw GraphFormatError("not a \(GraphEncoding.format) file (its \"format\" is not \"\(GraphEncoding.format)\")")
        }
        guard let version = value["version"]?.int64Value else { throw GraphFormatError("the file has no integer \"version\"") }
        guard version == GraphEncoding.version else {
            throw GraphFormatError("unsupported \(GraphEncoding.format) version \(version) (this glaas reads version \(GraphEncoding.version))")
        }
    }

    /// A lineage object back into a record; the hash is taken as recorded, not checked here.
    public static func record(_ value: JSONValue) throws -> LineageRecord {
        let fields = try Fields(value, "lineage")
        let hash = try fields.string("hash")
        guard HexString.isHash256(hash) else { throw GraphFormatError("lineage hash \"\(hash.prefix(80))\" is not 64 lowercase hex characters") }
        do {
            let git = try Fields(fields.value("git") ?? .object([:]), "git")
            let jobs = try fields.array("jobs").map(job)
            let lineage = Lineage(
                git: GitContext(
                    repo: try git.optionalString("repo"), commit: try git.optionalString("commit"), branch: try git.optionalString("branch")),
                creatorIdentity: try fields.string("creator_identity"),
                jobs: jobs.map { $0.job })
            let artifacts = try fields.array("artifacts", required: false).map(artifact)
            return LineageRecord(
                hash: hash, lineage: lineage, createdAt: Date(timeIntervalSince1970: try fields.number("created_at")),
                artifacts: artifacts,
                composites: try fields.array("composites", required: false).map { try composite($0, artifacts: artifacts) },
                viewEdges: Dictionary(jobs.filter { !$0.viewEdges.isEmpty }.map { ($0.job.jobUID, $0.viewEdges) }, uniquingKeysWith: { $0 + $1 }),
                publications: try fields.array("publications", required: false).map(publication),
                labels: try fields.array("labels", required: false).map(label))
        } catch {
            throw GraphFormatError("lineage \(hash): \(error)")
        }
    }

    static func job(_ value: JSONValue) throws -> (job: Job, viewEdges: [ViewEdge]) {
        let fields = try Fields(value, "job")
        let uid = try fields.string("job_uid")
        guard Job.isValidUID(uid) else { throw GraphFormatError("invalid job_uid \"\(uid.prefix(80))\"") }
        let viewEdges = try fields.array("view_edges", required: false).map { value in
            let edge = try Fields(value, "view edge")
            return ViewEdge(
                relation: try edge.string("relation"), targetHash: try edge.string("target_hash"), bloom: try edge.string("bloom"),
                selectedCount: try edge.optionalInteger("selected_count").map(Int.init),
                parentTotal: try edge.optionalInteger("parent_total").map(Int.init))
        }
        let job = Job(
            jobUID: uid, command: try fields.optionalString("command"), timestamp: try fields.optionalNumber("timestamp"),
            gitCommit: try fields.optionalString("git_commit"), gitBranch: try fields.optionalString("git_branch"),
            durationSeconds: try fields.optionalNumber("duration_seconds"), exitCode: try fields.optionalInteger("exit_code").map(Int.init),
            jobType: try fields.string("job_type"), stepNumber: Int(try fields.integer("step_number")),
            parentJobUID: try fields.optionalString("parent_job_uid"), metadata: try fields.optionalString("metadata"),
            inputs: try fields.array("inputs").map(ref), outputs: try fields.array("outputs").map(ref))
        return (job, viewEdges)
    }

    static func composite(_ value: JSONValue, artifacts: [Artifact]) throws -> Composite {
        let fields = try Fields(value, "composite")
        let hash = try fields.string("hash")
        guard let artifact = artifacts.first(where: { $0.hash == hash }) else {
            throw GraphFormatError("composite \(hash.prefix(80)) is not among the lineage's artifacts")
        }
        let components = try fields.array("components", required: false).map { value in
            let component = try Fields(value, "component")
            return Composite.Component(
                relativePath: try component.string("relative_path"), leafKind: try component.optionalString("leaf_kind"),
                algorithm: try component.string("algorithm"), digest: try component.string("digest"),
                size: try component.optionalInteger("size"), type: try component.optionalString("type"))
        }
        return Composite(
            artifact: artifact, componentCountTotal: Int(try fields.integer("component_count_total")), components: components,
            membershipIndex: try fields.optionalString("membership_index"))
    }

    static func ref(_ value: JSONValue) throws -> ArtifactRef {
        let fields = try Fields(value, "edge")
        let hash = try fields.string("hash")
        guard HexString.isLowercaseHex(hash) else { throw GraphFormatError("edge hash \"\(hash.prefix(80))\" is not lowercase hex") }
        var ranges: [[Int64]]?
        if let value = fields.value("byte_ranges"), !value.isNull {
            guard let outer = value.arrayValue else { throw GraphFormatError("\"byte_ranges\" must be an array") }
            ranges = try outer.map { pair in
                guard let items = pair.arrayValue else { throw GraphFormatError("\"byte_ranges\" must hold arrays of integers") }
                return try items.map { item in
                    guard case .int(let number) = item else { throw GraphFormatError("\"byte_ranges\" must hold arrays of integers") }
                    return number
                }
            }
        }
        return ArtifactRef(hash: hash, path: try fields.optionalString("path"), size: try fields.optionalInteger("size"), byteRanges: ranges)
    }

    static func artifact(_ value: JSONValue) throws -> Artifact {
        let fields = try Fields(value, "artifact")
        let digests = try fields.array("digests").map { value in
            let digest = try Fields(value, "digest")
            return try Digest(algorithm: try digest.string("algorithm"), hex: try digest.string("digest"))
        }
        let kindName = try fields.optionalString("kind") ?? Artifact.Kind.file.rawValue
        guard let kind = Artifact.Kind(rawValue: kindName) else { throw GraphFormatError("unknown artifact kind \"\(kindName.prefix(40))\"") }
        let artifact = try Artifact(
            digests: digests, size: try fields.integer("size"), sizeStated: try fields.optionalBool("size_stated") ?? true, kind: kind,
            sourceType: try fields.optionalString("source_type"),
            sourceURL: try fields.optionalString("source_url"), metadata: try fields.optionalString("metadata"))
        let hash = try fields.string("hash")
        guard artifact.hash == hash else { throw GraphFormatError("artifact \(hash.prefix(80)): its digests name it \(artifact.hash)") }
        return artifact
    }

    static func publication(_ value: JSONValue) throws -> PublicationRecord {
        let fields = try Fields(value, "publication")
        let name = try fields.string("visibility")
        guard let visibility = Visibility(rawValue: name) else { throw GraphFormatError("unknown visibility \"\(name.prefix(40))\"") }
        return PublicationRecord(
            visibility: visibility, ownerUserID: try fields.optionalString("owner_user_id"), projectID: try fields.optionalString("project_id"),
            createdAt: Date(timeIntervalSince1970: try fields.number("created_at")))
    }

    static func label(_ value: JSONValue) throws -> LabelVersion {
        let fields = try Fields(value, "label")
        let target = try Fields(fields.value("target") ?? .null, "label target")
        let kindName = try target.string("kind")
        guard let kind = LabelTarget.Kind(rawValue: kindName) else { throw GraphFormatError("unknown label target kind \"\(kindName.prefix(40))\"") }
        guard let document = fields.value("document")?.objectValue else { throw GraphFormatError("a label's \"document\" must be an object") }
        return LabelVersion(
            target: LabelTarget(
                kind: kind, lineageHash: try target.optionalString("lineage_hash"), jobUID: try target.optionalString("job_uid"),
                artifactHash: try target.optionalString("artifact_hash")),
            version: Int(try fields.integer("version")), document: LabelDocument(document),
            tombstones: Set(
                try fields.array("tombstones", required: false).map { value in
                    guard let key = value.stringValue else { throw GraphFormatError("\"tombstones\" must hold strings") }
                    return key
                }),
            actor: try fields.string("actor"), createdAt: Date(timeIntervalSince1970: try fields.number("created_at")))
    }
}
