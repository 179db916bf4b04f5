import LineageModel

/// One lineage as a bipartite graph of jobs and artifacts, with edges in both directions, so
/// the views can walk upstream and downstream from any node in one step per hop.
public struct LineageGraph: Sendable {
    /// What a node stands for.
    public enum Kind: Sendable, Hashable {
        case job
        case artifact
    }

    /// A job or an artifact, with what the drawing shows of it.
    public struct Node: Sendable, Hashable {
        /// Stable within the lineage and short enough for an address: `j.<uid>` or `a.<hash>`.
        public var id: String
        public var kind: Kind
        /// The job uid or the artifact's canonical digest.
        public var key: String
        /// The main line: a command or a file name.
        public var label: String
        /// The second line: step and type, or short digest and size.
        public var detail: String
        /// The full text for the tooltip.
        public var title: String
        /// True for a job that exited non-zero.
        public var failed: Bool
    }

    public private(set) var nodes: [Node] = []
    /// Node index by id.
    public private(set) var index: [String: Int] = [:]
    /// Per node: artifacts a job wrote, or jobs that read an artifact.
    public private(set) var downstream: [[Int]] = []
    /// Per node: artifacts a job read, or jobs that wrote an artifact.
    public private(set) var upstream: [[Int]] = []
    /// Every `source << 32 | target` linked, to add each edge once.
    private var links = Set<Int64>()

    /// The graph of a lineage's jobs (with their edges, as `jobs(inLineage:)` returns them).
    public init(jobs: [Job]) {
        var paths: [String: String] = [:]
        var sizes: [String: Int64] = [:]
        for job in jobs {
            for ref in job.inputs + job.outputs {
                if let path = ref.path, !path.isEmpty, paths[ref.hash].map({ path.count < $0.count }) ?? true { paths[ref.hash] = path }
                if let size = ref.size { sizes[ref.hash] = size }
            }
        }
        for job in jobs {
            let command = job.command ?? "(no command)"
            let jobIndex = add(
                Node(
                    id: Self.jobID(job.jobUID), kind: .job, key: job.jobUID, label: WebFormat.truncated(Self.oneLine(command), 30),
                    detail: "step \(job.stepNumber) · \(job.jobType)" + ((job.exitCode ?? 0) != 0 ? " · exit \(job.exitCode!)" : ""),
                    title: "\(command)\njob \(job.jobUID)", failed: (job.exitCode ?? 0) != 0))
            for ref in job.inputs {
                let artifact = artifactNode(ref.hash, paths: paths, sizes: sizes)
                link(from: artifact, to: jobIndex)
            }
            for ref in job.outputs {
                let artifact = artifactNode(ref.hash, paths: paths, sizes: sizes)
                link(from: jobIndex, to: artifact)
            }
        }
    }

    /// The id of a job node.
    public static func jobID(_ uid: String) -> String { "j.\(uid)" }
    /// The id of an artifact node.
    public static func artifactID(_ hash: String) -> String { "a.\(hash)" }

    /// Nodes nothing in the lineage feeds: raw inputs and jobs that read nothing.
    public var sources: [Int] { upstream.indices.filter { upstream[$0].isEmpty } }

    private mutating func artifactNode(_ hash: String, paths: [String: String], sizes: [String: Int64]) -> Int {
        if let existing = index[Self.artifactID(hash)] { return existing }
        let path = paths[hash]
        let name = path.map(WebFormat.baseName) ?? WebFormat.short(hash)
        return add(
            Node(
                id: Self.artifactID(hash), kind: .artifact, key: hash, label: WebFormat.truncated(name, 30),
                detail: WebFormat.short(hash, 10) + (sizes[hash].map { " · " + WebFormat.size($0) } ?? ""),
                title: "\(path ?? "(no path)")\n\(hash)", failed: false))
    }

    private mutating func add(_ node: Node) -> Int {
        if let existing = index[node.id] { return existing }
        index[node.id] = nodes.count
        nodes.append(node)
        downstream.append([])
        upstream.append([])
        return nodes.count - 1
    }

    private mutating func link(from source: Int, to target: Int) {
        // A set, not `contains` on the list: a job writing 400 artifacts would scan it 400 times.
        guard links.insert(Int64(source) << 32 | Int64(target)).inserted else { return }
        downstream[source].append(target)
        upstream[target].append(source)
    }

    /// A command on one line (newlines and tabs as spaces).
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
