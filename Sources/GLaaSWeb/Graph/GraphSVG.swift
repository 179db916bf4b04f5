/// Draws a laid-out graph view as inline SVG: jobs and artifacts as labelled boxes that link to
/// their pages, groups as dashed boxes that open on click, and round "more" markers where
/// neighbours are not drawn (clicking one widens the walk or refocuses on that node).
public struct GraphSVG {
    /// Where the drawing's clicks lead.
    public struct Links {
        /// The page of a job or artifact node.
        public var page: (LineageGraph.Node) -> String
        /// The same view with a group opened.
        public var expand: (String) -> String
        /// Where a "more" marker leads: the node's item, and whether it is the upstream side.
        public var more: (GraphView.Item, LineageGraph.Node?, Bool) -> String

        public init(
            page: @escaping (LineageGraph.Node) -> String, expand: @escaping (String) -> String,
            more: @escaping (GraphView.Item, LineageGraph.Node?, Bool) -> String
        ) {
            self.page = page
            self.expand = expand
            self.more = more
        }
    }

    static let nodeWidth = 210.0
    static let nodeHeight = 38.0
    static let columnGap = 70.0
    static let rowGap = 12.0
    static let margin = 24.0

    /// The `<svg>` element for `view` of `graph`, with `focus` (graph node indices) outlined.
    public static func render(graph: LineageGraph, view: GraphView, focus: Set<Int>, links: Links) -> String {
        let layout = LayeredLayout(count: view.items.count, edges: view.edges)
        let width = margin * 2 + Double(max(layout.layerCount, 1)) * (nodeWidth + columnGap) - columnGap
        let height = margin * 2 + max(layout.height, 1) * (nodeHeight + rowGap) - rowGap
        let middle = height / 2
        func origin(_ item: Int) -> (x: Double, y: Double) {
            (margin + Double(layout.layer[item]) * (nodeWidth + columnGap), middle + layout.y[item] * (nodeHeight + rowGap) - nodeHeight / 2)
        }
        var svg = HTML()
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage-graph\" width=\"\(Int(width))\" height=\"\(Int(height))\" ")
        svg.raw("viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"lineage graph\">")
        svg.raw("<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
        svg.raw("<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#9aa4b8\"/></marker></defs>")
        svg.raw("<g class=\"edges\">")
        for edge in view.edges {
            let from = origin(edge.from)
            let to = origin(edge.to)
            let startX = from.x + nodeWidth
            let startY = from.y + nodeHeight / 2
            let endX = to.x
            let endY = to.y + nodeHeight / 2
            let bend = max(abs(endX - startX) / 2, 40)
            svg.raw(
                "<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M\(f(startX)),\(f(startY)) C\(f(startX + bend)),\(f(startY)) \(f(endX - bend)),\(f(endY)) \(f(endX)),\(f(endY))\"/>"
            )
        }
        svg.raw("</g><g class=\"nodes\">")
        for (index, item) in view.items.enumerated() {
            let (x, y) = origin(index)
            drawItem(&svg, item, graph: graph, x: x, y: y, focused: item.members.contains { focus.contains($0) }, links: links)
        }
        svg.raw("</g></svg>")
        return svg.string
    }

    private static func drawItem(_ svg: inout HTML, _ item: GraphView.Item, graph: LineageGraph, x: Double, y: Double, focused: Bool, links: Links) {
        let first = graph.nodes[item.members[0]]
        let node = item.isGroup ? nil : first
        let kindName = first.kind == .job ? "job" : "artifact"
        let href: String
        let label: String
        let detail: String
        let title: String
        if let groupID = item.groupID {
            href = links.expand(groupID)
            label = "+\(WebFormat.count(item.members.count)) \(kindName)s"
            detail = "e.g. " + first.label
            title = "\(item.members.count) \(kindName)s folded into one group; click to show them"
        } else {
            href = links.page(first)
            label = first.label
            detail = first.detail
            title = first.title
        }
        let classes = "node node-\(item.isGroup ? "group" : kindName)\(focused ? " focus" : "")\(first.failed && !item.isGroup ? " failed" : "")"
        svg.raw("<a href=\"\(HTML.escape(href))\" class=\"\(classes)\" data-node=\"\(HTML.escape(item.groupID ?? first.id))\">")
        svg.raw("<title>")
        svg.text(title)
        svg.raw("</title>")
        if item.isGroup {
            svg.raw("<rect x=\"\(f(x + 6))\" y=\"\(f(y - 5))\" width=\"\(f(nodeWidth))\" height=\"\(f(nodeHeight))\" rx=\"6\"/>")
        }
        svg.raw("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(nodeWidth))\" height=\"\(f(nodeHeight))\" rx=\"\(first.kind == .job ? 3 : 10)\"/>")
        svg.raw("<text x=\"\(f(x + 9))\" y=\"\(f(y + 16))\">")
        svg.text(label)
        svg.raw("</text><text class=\"sub\" x=\"\(f(x + 9))\" y=\"\(f(y + 30))\">")
        svg.text(WebFormat.truncated(detail, 34))
        svg.raw("</text></a>")
        for upstream in [true, false] where upstream ? item.hiddenUp : item.hiddenDown {
            let centerX = upstream ? x : x + nodeWidth
            let hint = upstream ? "show what this depends on" : "show what depends on this"
            svg.raw("<a class=\"more\" href=\"\(HTML.escape(links.more(item, node, upstream)))\"><title>\(hint)</title>")
            svg.raw("<circle cx=\"\(f(centerX))\" cy=\"\(f(y + nodeHeight / 2))\" r=\"8\"/>")
            svg.raw("<text x=\"\(f(centerX - 3.5))\" y=\"\(f(y + nodeHeight / 2 + 4))\">\(upstream ? "‹" : "›")</text></a>")
        }
    }

    private static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
