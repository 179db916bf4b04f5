import Foundation

/// What was made from an artifact (`roar lineage --down`): the jobs that read it, their
/// outputs, the jobs that read those, and so on, across sessions and lineages, bounded in depth
/// and in nodes, with whether (and which) bound cut it. Walked over the local store or read
/// from a registry's `downstream` walk.
public struct ForwardWalk: Sendable, Hashable {
    /// A job the walk reached.
    public struct Job: Sendable, Hashable {
        /// The lineage hash (registry) or nil (local).
        public var lineageHash: String?
        /// The local session id (nil on the registry).
        public var session: Int64?
        public var uid: String
        public var step: Int
        public var command: String
        /// How many jobs lie between it and the start, itself included.
        public var depth: Int

        /// A job at a depth.
        public init(lineageHash: String?, session: Int64?, uid: String, step: Int, command: String, depth: Int) {
            self.lineageHash = lineageHash
            self.session = session
            self.uid = uid
            self.step = step
            self.command = command
            self.depth = depth
        }

        /// What identifies the job in the walk (uids are unique within a lineage).
        public var key: String { (lineageHash ?? "") + "/" + uid }
    }

    /// An artifact the walk reached (or started from).
    public struct Artifact: Sendable, Hashable {
        public var digest: String
        /// Where it was recorded (local store; the registry walk records no paths).
        public var path: String?
        public var size: Int64?
        public var depth: Int

        /// An artifact at a depth.
        public init(digest: String, path: String?, size: Int64?, depth: Int) {
            self.digest = digest
            self.path = path
            self.size = size
            self.depth = depth
        }
    }

    /// "This job read (`input`) or wrote (`output`) this artifact".
    public struct Edge: Sendable, Hashable {
        public var digest: String
        public var jobKey: String
        /// `input` or `output`.
        public var relation: String

        /// An edge.
        public init(digest: String, jobKey: String, relation: String) {
            self.digest = digest
            self.jobKey = jobKey
            self.relation = relation
        }
    }

    /// `local` or `registry`.
    public var origin: String
    public var start: Artifact
    /// The bounds asked for: jobs away from the start, nodes (start excluded).
    public var depth: Int
    public var limit: Int
    public var jobs: [Job] = []
    public var artifacts: [Artifact] = []
    public var edges: [Edge] = []
    /// More jobs lay beyond `depth`.
    public var depthLimitHit = false
    /// The walk stopped at `limit` nodes.
    public var nodeLimitHit = false
    /// The registry stopped listing edges.
    public var edgeLimitHit = false
    public var depthReached = 0

    /// An empty walk from `start`.
    public init(origin: String, start: Artifact, depth: Int, limit: Int) {
        self.origin = origin
        self.start = start
        self.depth = depth
        self.limit = limit
    }

    /// Whether any bound cut the walk.
    public var truncated: Bool { depthLimitHit || nodeLimitHit || edgeLimitHit }

    /// Why the walk is incomplete, in words ("stopped at depth 2", "node limit reached: …").
    public var truncationNotes: [String] {
        var notes: [String] = []
        if depthLimitHit { notes.append("stopped at depth \(depth): more jobs lie further down (raise --depth)") }
        if nodeLimitHit {
            notes.append("node limit reached: \(jobs.count + artifacts.count) of at most \(limit) nodes shown (raise --limit)")
        }
        if edgeLimitHit { notes.append("edge limit reached: some edges between the nodes shown are left out") }
        return notes
    }
}
