/// One edge end of a job: the artifact's canonical digest and the path it had on the machine
/// that recorded the job (absolute there; meaningless elsewhere, kept for humans and for the hash).
public struct ArtifactRef: Hashable, Sendable, Codable {
    public var hash: String
    public var path: String?
    public var size: Int64?
    /// Byte ranges `[start, end]` the job read or wrote, when the recorder knew them.
    public var byteRanges: [[Int64]]?

    public init(hash: String, path: String?, size: Int64? = nil, byteRanges: [[Int64]]? = nil) {
        self.hash = hash
        self.path = path
        self.size = size
        self.byteRanges = byteRanges
    }

    enum CodingKeys: String, CodingKey {
        case hash, path, size
        case byteRanges = "byte_ranges"
    }

    /// Collapses edges to one per content hash, keeping the lexicographically smallest path, as
    /// both the client and the registry do (three names of one inode are one input).
    public static func deduplicatedByHash(_ refs: [ArtifactRef]) -> [ArtifactRef] {
        var byHash: [String: ArtifactRef] = [:]
        var order: [String] = []
        for ref in refs {
            if let current = byHash[ref.hash] {
                if (ref.path ?? "").utf8.lexicographicallyPrecedes((current.path ?? "").utf8) { byHash[ref.hash] = ref }
            } else {
                byHash[ref.hash] = ref
                order.append(ref.hash)
            }
        }
        return order.map { byHash[$0]! }
    }
}
