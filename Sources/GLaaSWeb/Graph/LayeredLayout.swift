/// A layered (Sugiyama-style) drawing of a directed graph, left to right: layers by longest
/// path from the sources (edges that close a cycle are set aside first), then a few
/// barycentre sweeps to untangle each layer, then coordinates on a grid.
public struct LayeredLayout: Sendable {
    /// Column of each node.
    public private(set) var layer: [Int]
    /// Vertical slot of each node within its column, as a centre-line offset (may be fractional).
    public private(set) var y: [Double]
    public private(set) var layerCount: Int
    /// The tallest column, in slots.
    public private(set) var height: Double

    /// Lays out `count` nodes joined by `edges` (from, to).
    public init(count: Int, edges: [(from: Int, to: Int)], sweeps: Int = 4) {
        var successors = Array(repeating: [Int](), count: count)
        var predecessors = Array(repeating: [Int](), count: count)
        for edge in Self.acyclic(count: count, edges: edges) {
            successors[edge.from].append(edge.to)
            predecessors[edge.to].append(edge.from)
        }
        // Longest path in topological order (Kahn).
        var layer = Array(repeating: 0, count: count)
        var remaining = predecessors.map(\.count)
        var ready = (0..<count).filter { remaining[$0] == 0 }
        var cursor = 0
        while cursor < ready.count {
            let node = ready[cursor]
            cursor += 1
            for next in successors[node] {
                layer[next] = max(layer[next], layer[node] + 1)
                remaining[next] -= 1
                if remaining[next] == 0 { ready.append(next) }
            }
        }
        let layerCount = (layer.max() ?? -1) + 1
        var columns = Array(repeating: [Int](), count: layerCount)
        for node in 0..<count { columns[layer[node]].append(node) }

        // Neighbours in both directions for the barycentre sweeps.
        var neighbours = Array(repeating: [Int](), count: count)
        for edge in edges where edge.from != edge.to {
            neighbours[edge.from].append(edge.to)
            neighbours[edge.to].append(edge.from)
        }
        var y = Array(repeating: 0.0, count: count)
        func assign(_ column: [Int]) {
            let offset = Double(column.count - 1) / 2
            for (slot, node) in column.enumerated() { y[node] = Double(slot) - offset }
        }
        columns.forEach(assign)
        for sweep in 0..<sweeps {
            let order = sweep % 2 == 0 ? Array(0..<layerCount) : Array((0..<layerCount).reversed())
            for column in order where columns[column].count > 1 {
                let reference: (Int) -> Bool = sweep % 2 == 0 ? { $0 < column } : { $0 > column }
                let keyed = columns[column].map { node -> (Int, Double) in
                    let positions = neighbours[node].filter { reference(layer[$0]) }.map { y[$0] }
                    return (node, positions.isEmpty ? y[node] : positions.reduce(0, +) / Double(positions.count))
                }
                columns[column] = keyed.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element.0)
                assign(columns[column])
            }
        }
        self.layer = layer
        self.y = y
        self.layerCount = layerCount
        self.height = Double(columns.map(\.count).max() ?? 0)
    }

    /// The edges without those that close a cycle (found by an iterative depth-first search).
    static func acyclic(count: Int, edges: [(from: Int, to: Int)]) -> [(from: Int, to: Int)] {
        var successors = Array(repeating: [Int](), count: count)
        for edge in edges where edge.from != edge.to { successors[edge.from].append(edge.to) }
        var state = Array(repeating: 0, count: count) // 0 new, 1 on the stack, 2 done
        var backEdges = Set<Int>()
        for root in 0..<count where state[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                if top.next < successors[top.node].count {
                    stack[stack.count - 1].next += 1
                    let child = successors[top.node][top.next]
                    if state[child] == 1 {
                        backEdges.insert(top.node * count + child)
                    } else if state[child] == 0 {
                        state[child] = 1
                        stack.append((child, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        return edges.filter { $0.from != $0.to && !backEdges.contains($0.from * count + $0.to) }
    }
}
