import BLAKE3Hashing
import Foundation
import LineageModel

/// A directory as one artifact (a "composite", as roar-cli calls a dataset): the
/// `composite-blake3` digest over its files' relative paths and BLAKE3 digests, and the
/// registry payload with its component list and Bloom-filter membership index (v1 protocol §3).
public struct CompositeDigest: Sendable, Equatable {
    /// One file of the directory.
    public struct Leaf: Sendable, Equatable {
        /// Relative to the directory, `/`-separated.
        public var relativePath: String
        /// BLAKE3, lower-case hex.
        public var digest: String
        public var size: Int64

        public init(relativePath: String, digest: String, size: Int64) {
            self.relativePath = relativePath
            self.digest = digest
            self.size = size
        }
    }

    /// The leaves, sorted by the UTF-8 bytes of their paths.
    public let leaves: [Leaf]
    /// The `composite-blake3` digest.
    public let digest: String

    public static let algorithm = "composite-blake3"
    /// The registry keeps at most this many components of one composite.
    static let maximumStoredComponents = 1000

    public init(leaves: [Leaf]) {
        let sorted = leaves.sorted { Array($0.relativePath.utf8).lexicographicallyPrecedes(Array($1.relativePath.utf8)) }
        self.leaves = sorted
        // roar-cli: blake3("roar:blake3-tree:v1\n" + per leaf `path \0 "blake3:" hex \n`).
        var preimage = Array("roar:blake3-tree:v1\n".utf8)
        for leaf in sorted {
            preimage += Array(leaf.relativePath.utf8) + [0] + Array("blake3:\(leaf.digest.lowercased())\n".utf8)
        }
        digest = BLAKE3.hash(preimage).hex
    }

    /// The total size of the leaves.
    public var size: Int64 { leaves.reduce(0) { $0 + $1.size } }

    /// The staged `artifacts/composites` body: at most 1000 components listed, all of them in the
    /// membership index.
    public func payload(sourceType: String?, sourceURL: String?) -> JSONValue {
        let stored = Array(leaves.prefix(Self.maximumStoredComponents))
        var membership = CompositeMembership(leaves: leaves).json
        membership["stored_components"] = .int(Int64(stored.count))
        var payload: [String: JSONValue] = [
            "hash": .string(digest), "hashes": [["algorithm": .string(Self.algorithm), "digest": .string(digest)]], "size": .int(size),
            "source_type": sourceType.map(JSONValue.string) ?? .null, "component_count_total": .int(Int64(leaves.count)),
            "components": .array(
                stored.map { leaf in
                    [
                        "relative_path": .string(leaf.relativePath), "leaf_kind": "file", "component_algorithm": "blake3",
                        "component_digest": .string(leaf.digest), "component_size": .int(leaf.size),
                        "component_type": Self.mediaType(leaf.relativePath).map(JSONValue.string) ?? .null,
                    ]
                }),
            "membership_index": .object(membership),
        ]
        if let sourceURL { payload["source_url"] = .string(sourceURL) }
        return .object(payload)
    }

    /// The media type Python's `mimetypes` guesses for the common extensions (null otherwise).
    static func mediaType(_ path: String) -> String? {
        let types = [
            "csv": "text/csv", "txt": "text/plain", "json": "application/json", "html": "text/html", "md": "text/markdown",
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gz": nil, "zip": "application/zip", "tar": "application/x-tar",
            "xml": "application/xml", "py": "text/x-python", "pdf": "application/pdf", "yaml": nil, "parquet": nil,
        ]
        let ext = (path as NSString).pathExtension.lowercased()
        return types[ext] ?? nil
    }
}
