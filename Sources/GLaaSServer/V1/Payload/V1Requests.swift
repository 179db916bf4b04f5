import GLaaSHTTP
import LineageModel
import LineageStore

/// The v1 request bodies, parsed and checked. Limits keep one request from exhausting the server.
enum V1Requests {
    static let maximumBatch = 100_000
    static let maximumLinks = 100_000

    /// One job of `jobs/batch` (or the single-job route).
    static func job(_ fields: JSONFields) throws -> Job {
        let uid = try fields.string("job_uid")
        guard Job.isValidUID(uid) else {
            throw GLaaSError.badRequest("\(fields.name("job_uid")) must be 1-128 characters of letters, digits, '-', '_' or '.'")
        }
        let parent = try fields.optionalString("parent_job_uid")
        if let parent, !Job.isValidUID(parent) { throw GLaaSError.badRequest("\(fields.name("parent_job_uid")) is not a valid job uid") }
        guard let step = try fields.optionalInt("step_number") else { throw GLaaSError.badRequest("\(fields.name("step_number")) is required") }
        guard step >= 0 else { throw GLaaSError.badRequest("\(fields.name("step_number")) must not be negative") }
        let metadata = try fields.jsonText("metadata")
        return Job(
            jobUID: uid,
            command: try fields.optionalString("command"),
            timestamp: try fields.optionalDouble("timestamp"),
            gitCommit: try fields.optionalString("git_commit", maxLength: 256),
            gitBranch: try fields.optionalString("git_branch", maxLength: 1024),
            durationSeconds: try fields.optionalDouble("duration_seconds"),
            exitCode: try fields.optionalInt("exit_code"),
            jobType: try fields.optionalString("job_type", maxLength: 64),
            stepNumber: step,
            parentJobUID: parent,
            metadata: metadata)
    }

    static func digests(_ fields: JSONFields) throws -> [Digest] {
        let entries = try fields.objects("hashes", limit: 16)
        guard !entries.isEmpty else { throw GLaaSError.badRequest("\(fields.name("hashes")) needs at least one digest") }
        return try entries.map { entry in
            do {
                return try Digest(algorithm: try entry.string("algorithm"), hex: try entry.string("digest"))
            } catch let error as LineageModelError {
                throw GLaaSError.badRequest("\(entry.path): \(error.description)")
            }
        }
    }

    static func size(_ fields: JSONFields, key: String = "size") throws -> Int64 {
        let size = try fields.optionalInt(key) ?? 0
        guard size >= 0 else { throw GLaaSError.badRequest("\(fields.name(key)) must not be negative") }
        return Int64(size)
    }

    /// One entry of `artifacts/batch`.
    static func artifact(_ fields: JSONFields, kind: Artifact.Kind = .file) throws -> Artifact {
        let sourceType = try fields.optionalString("source_type", maxLength: 32)
        return try Artifact(
            digests: try digests(fields), size: try size(fields), sizeStated: fields.raw("size").map { !$0.isNull } ?? false, kind: kind,
            sourceType: sourceType,
            sourceURL: try fields.optionalString("source_url", maxLength: 8192), metadata: try fields.jsonText("metadata"))
    }

    /// The canonical digest an edge names: lowercase hex (an S3 ETag may carry "-parts").
    static func edgeHash(_ fields: JSONFields, key: String = "hash") throws -> String {
        let hash = try fields.string(key).lowercased()
        let hex = hash.split(separator: "-", maxSplits: 1).first.map(String.init) ?? hash
        guard (8...128).contains(hex.utf8.count), HexString.isLowercaseHex(hex), hash.utf8.count <= 140 else {
            throw GLaaSError.badRequest("\(fields.name(key)) must be a hex digest")
        }
        return hash
    }

    /// One entry of a job's inputs or outputs.
    static func link(_ fields: JSONFields) throws -> ArtifactRef {
        var ranges: [[Int64]]?
        if let raw = fields.raw("byte_ranges"), !raw.isNull {
            guard let outer = raw.arrayValue else { throw GLaaSError.badRequest("\(fields.name("byte_ranges")) must be [[start, end], …]") }
            ranges = try outer.map { pair in
                guard let bounds = pair.arrayValue?.compactMap(\.int64Value), bounds.count == 2, bounds[0] >= 0, bounds[1] >= bounds[0] else {
                    throw GLaaSError.badRequest("\(fields.name("byte_ranges")) must be [[start, end], …] with 0 <= start <= end")
                }
                return bounds
            }
        }
        let size = try fields.optionalInt("size")
        if let size, size < 0 { throw GLaaSError.badRequest("\(fields.name("size")) must not be negative") }
        return ArtifactRef(
            hash: try edgeHash(fields), path: try fields.optionalString("path", maxLength: 16384), size: size.map(Int64.init), byteRanges: ranges)
    }

    /// The body of `artifacts/composites`.
    static func composite(_ fields: JSONFields) throws -> Composite {
        var digests = try digests(fields)
        if let hash = try fields.optionalString("hash")?.lowercased(), !digests.contains(where: { $0.hex == hash }) {
            throw GLaaSError.badRequest("hash \(hash.prefix(80)) is not among the composite's hashes")
        }
        digests.sort { lhs, _ in lhs.algorithm.hasPrefix("composite-") }
        let artifact = try Artifact(
            digests: digests, size: try size(fields), kind: .composite, sourceType: try fields.optionalString("source_type", maxLength: 32),
            sourceURL: try fields.optionalString("source_url", maxLength: 8192), metadata: try fields.jsonText("metadata"))
        let components = try fields.objects("components", limit: 100_000, required: false).map { entry in
            Composite.Component(
                relativePath: try entry.string("relative_path"),
                leafKind: try entry.optionalString("leaf_kind", maxLength: 64),
                algorithm: try entry.string("component_algorithm"),
                digest: try edgeHash(entry, key: "component_digest"),
                size: try entry.optionalInt("component_size").map(Int64.init),
                type: try entry.optionalString("component_type", maxLength: 256))
        }
        let total = try fields.optionalInt("component_count_total") ?? components.count
        guard total >= components.count else { throw GLaaSError.badRequest("component_count_total is smaller than the components sent") }
        return Composite(
            artifact: artifact, componentCountTotal: total, components: components, membershipIndex: try fields.jsonText("membership_index"))
    }

    /// One entry of `view-edges`.
    static func viewEdge(_ fields: JSONFields) throws -> ViewEdge {
        let relation = try fields.string("relation")
        guard relation == "consumes" || relation == "produces" else {
            throw GLaaSError.badRequest("\(fields.name("relation")) must be \"consumes\" or \"produces\"")
        }
        guard let bloom = try fields.jsonText("bloom") else { throw GLaaSError.badRequest("\(fields.name("bloom")) is required") }
        return ViewEdge(
            relation: relation, targetHash: try edgeHash(fields, key: "target_hash"), bloom: bloom,
            selectedCount: try fields.optionalInt("selected_count"), parentTotal: try fields.optionalInt("parent_total"))
    }
}
