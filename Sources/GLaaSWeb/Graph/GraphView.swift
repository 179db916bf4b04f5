/// The part of a lineage graph one drawing shows: walked from seeds (a focused node, or the
/// lineage's sources) up to a depth in each direction, with every fan-out wider than
/// `threshold` folded into one counted group node, and at most `nodeLimit` nodes, so a lineage
/// of thousands of nodes still draws as a readable picture. Groups open when their id is in
/// `expanded`, `chunk` members at a time.
public struct GraphView: Sendable {
    /// A drawn node: one job or artifact, or a group of them.
    public struct Item: Sendable, Hashable {
        /// The graph nodes it stands for (one unless a group).
        public var members: [Int]
        /// For a group: its id (stable for the same members), used in `expand=`.
        public var groupID: String?
        /// Hops from the seeds: negative upstream, positive downstream.
        public var depth: Int
        /// Whether it has upstream (`hiddenUp`) or downstream neighbours that are not drawn.
        public var hiddenUp = false
        public var hiddenDown = false
        /// True when the walk stopped here because of the depth limit (not the node limit).
        public var atDepthLimit = false

        public var isGroup: Bool { groupID != nil }
    }

    /// How far and how wide to walk.
    public struct Options: Sendable, Hashable {
        /// Hops upstream and downstream (job to artifact is one hop); nil: no limit.
        public var up: Int?
        public var down: Int?
        public var expanded: Set<String> = []
        public var threshold = 12
        public var chunk = 40
        public var nodeLimit = 300

        public init(up: Int?, down: Int?, expanded: Set<String> = []) {
            self.up = up
            self.down = down
            self.expanded = expanded
        }
    }

    public private(set) var items: [Item] = []
    /// Edges between items, upstream item first, without duplicates.
    public private(set) var edges: [(from: Int, to: Int)] = []
    /// True when the node limit stopped the walk somewhere.
    public private(set) var truncated = false
    /// Which item each drawn graph node is in.
    public private(set) var placed: [Int: Int] = [:]

    private var edgeSet = Set<Int>()

    /// Walks `graph` from `seeds` (graph node indices).
    public init(graph: LineageGraph, seeds: [Int], options: Options) {
        var queue: [(item: Int, upward: Bool)] = []
        for group in groups(of: seeds, graph: graph, options: options) {
            let item = place(group, depth: 0, graph: graph)
            queue.append((item, false))
            queue.append((item, true))
        }
        var cursor = 0
        while true {
            while cursor < queue.count {
                let (item, upward) = queue[cursor]
                cursor += 1
                for next in walk(from: item, upward: upward, graph: graph, options: options) { queue.append((next, upward)) }
            }
            // Unlimited walks from the sources miss only nodes in cycles: start again from one.
            guard options.up == nil, options.down == nil, items.count < options.nodeLimit,
                let missed = graph.nodes.indices.first(where: { placed[$0] == nil })
            else { break }
            queue.append((place([missed], depth: 0, graph: graph), false))
        }
        markHidden(graph)
    }

    /// Places the unplaced neighbours of `item` in one direction; returns the new items.
    private mutating func walk(from item: Int, upward: Bool, graph: LineageGraph, options: Options) -> [Int] {
        let depth = items[item].depth
        var fresh: [Int] = []
        var seen = Set<Int>()
        for member in items[item].members {
            for neighbour in upward ? graph.upstream[member] : graph.downstream[member] where seen.insert(neighbour).inserted {
                if let other = placed[neighbour] {
                    connect(item, other, upward: upward)
                } else {
                    fresh.append(neighbour)
                }
            }
        }
        guard !fresh.isEmpty else { return [] }
        if let limit = upward ? options.up : options.down, abs(depth) >= limit {
            items[item].atDepthLimit = true
            return []
        }
        guard items.count < options.nodeLimit else {
            truncated = true
            return []
        }
        var created: [Int] = []
        for group in groups(of: fresh, graph: graph, options: options) {
            let next = place(group, depth: depth + (upward ? -1 : 1), graph: graph)
            connect(item, next, upward: upward)
            created.append(next)
        }
        return created
    }

    /// Splits nodes into drawn items: each alone when few, else one group per kind, opened
    /// `chunk` at a time when expanded.
    private func groups(of nodes: [Int], graph: LineageGraph, options: Options) -> [[Int]] {
        var result: [[Int]] = []
        for kind in [LineageGraph.Kind.job, .artifact] {
            var rest = nodes.filter { graph.nodes[$0].kind == kind }
            guard rest.count > options.threshold else {
                result += rest.map { [$0] }
                continue
            }
            rest.sort { (graph.nodes[$0].label, graph.nodes[$0].id) < (graph.nodes[$1].label, graph.nodes[$1].id) }
            while rest.count > options.threshold, !options.expanded.isEmpty, options.expanded.contains(Self.groupID(rest, graph: graph)) {
                result += rest.prefix(options.chunk).map { [$0] }
                rest.removeFirst(min(options.chunk, rest.count))
            }
            if rest.count > options.threshold { result.append(rest) } else { result += rest.map { [$0] } }
        }
        return result
    }

    private mutating func place(_ members: [Int], depth: Int, graph: LineageGraph) -> Int {
        let index = items.count
        items.append(Item(members: members, groupID: members.count > 1 ? Self.groupID(members, graph: graph) : nil, depth: depth))
        for member in members { placed[member] = index }
        return index
    }

    private mutating func connect(_ item: Int, _ other: Int, upward: Bool) {
        let (from, to) = upward ? (other, item) : (item, other)
        guard from != to, edgeSet.insert(from &* 1_000_003 &+ to).inserted else { return }
        edges.append((from, to))
    }

    /// Flags items with neighbours that are not drawn, for the "more" markers.
    private mutating func markHidden(_ graph: LineageGraph) {
        for index in items.indices {
            items[index].hiddenUp = items[index].members.contains { graph.upstream[$0].contains { placed[$0] == nil } }
            items[index].hiddenDown = items[index].members.contains { graph.downstream[$0].contains { placed[$0] == nil } }
        }
    }

    /// A short id for a set of nodes: the wrapping sum of FNV-1a hashes of their ids, so the
    /// order does not matter and nothing is sorted (not a security boundary: it only names which
    /// group to open).
    static func groupID(_ members: [Int], graph: LineageGraph) -> String {
        var sum: UInt64 = 0
        for member in members {
            var state: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in graph.nodes[member].id.utf8 { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            sum = sum &+ state
        }
        // Mixed, so groups that differ in one member do not get neighbouring ids.
        sum = (sum ^ (sum >> 33)) &* 0xff51_afd7_ed55_8ccd
        sum = (sum ^ (sum >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        return "g" + String(sum ^ (sum >> 33), radix: 16)
    }
}
