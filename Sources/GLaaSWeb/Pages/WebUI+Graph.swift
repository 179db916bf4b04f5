import Hummingbird
import LineageModel
import LineageStore

extension WebUI {
    /// `/web/dag/{hash}/graph`: the lineage's graph alone, whole or around `focus`, with the
    /// controls to widen it.
    func graphPage(_ text: String, request: Request, viewer: Viewer) async throws -> WebPageResult {
        let info = try await resolveLineage(text, viewer: viewer)
        let graphRequest = try GraphRequest(WebParameters(request))
        if info.hash != text { return .redirect(graphRequest.url(lineage: info.hash)) }
        let graph = LineageGraph(jobs: try await visibleJobs(info))
        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / ")
        html.link(WebComponents.lineageURL(info.hash), "lineage " + WebFormat.short(info.hash, 16))
        html.raw(" / graph</nav><h1>Graph")
        if let focus = graphRequest.focus, let node = graph.index[focus].map({ graph.nodes[$0] }) {
            html.raw(" around ")
            html.text(node.label)
        }
        html.raw("</h1>")
        try graphSection(&html, graph: graph, lineage: info.hash, request: graphRequest)
        return .page(WebPage(title: "Graph \(WebFormat.short(info.hash))", body: html))
    }

    /// The graph with its bar of counts and controls: 404 when `focus` is not in the lineage.
    func graphSection(_ html: inout HTML, graph: LineageGraph, lineage: String, request: GraphRequest) throws {
        var seeds = graph.sources
        var focus = Set<Int>()
        if let id = request.focus {
            guard let node = graph.index[id] else {
                throw WebPageError.notFound("Lineage \(WebFormat.short(lineage, 16)) has no node \(id.prefix(80)).")
            }
            seeds = [node]
            focus = [node]
        }
        let view = GraphView(graph: graph, seeds: seeds, options: request.options)
        let groups = view.items.filter(\.isGroup)
        let links = GraphSVG.Links(
            page: { node in
                node.kind == .job ? WebComponents.jobURL(lineage: lineage, uid: node.key) : WebComponents.artifactURL(node.key)
            },
            expand: { request.expanding($0).url(lineage: lineage) },
            more: { item, node, upstream in
                let walkedThisWay = item.depth == 0 || (item.depth < 0) == upstream
                if item.atDepthLimit && walkedThisWay { return request.deeper(upstream: upstream).url(lineage: lineage) }
                if let node { return GraphRequest(focus: node.id).url(lineage: lineage) }
                return request.expanding(item.groupID ?? "").url(lineage: lineage)
            })
        let jobs = graph.nodes.lazy.filter { $0.kind == .job }.count
        html.raw(
            "<div class=\"graph-bar\"><span>\(WebFormat.count(jobs)) jobs, \(WebFormat.count(graph.nodes.count - jobs)) artifacts in the lineage</span>"
        )
        let shown = view.items.reduce(0) { $0 + $1.members.count }
        html.raw("<span>drawn: \(WebFormat.count(view.items.count)) boxes for \(WebFormat.count(shown)) nodes</span>")
        if request.focus != nil {
            let options = request.options
            html.raw("<span>\(options.up ?? 0) hops up, \(options.down ?? 0) down</span>")
            html.link(request.deeper(upstream: true).deeper(upstream: false).url(lineage: lineage), "widen")
            html.link(WebComponents.graphURL(lineage: lineage), "whole lineage")
        }
        if !request.expanded.isEmpty {
            var collapsed = request
            collapsed.expanded = []
            html.link(collapsed.url(lineage: lineage), "fold groups again")
        }
        html.raw("<span class=\"muted\">click a box for its page, a dashed box to open it, ‹ › to see further</span></div>")
        if !groups.isEmpty {
            html.raw(
                "<p class=\"notice\">Fan-outs of more than \(request.options.threshold) are folded into counted groups (\(groups.count) here); click one to show its members, \(request.options.chunk) at a time.</p>"
            )
        }
        if view.truncated {
            html.raw(
                "<p class=\"notice\">This view stops at \(request.options.nodeLimit) boxes; click a ‹ › marker or a box's graph link to look further from there.</p>"
            )
        }
        html.raw("<div class=\"graph\">")
        html.raw(GraphSVG.render(graph: graph, view: view, focus: focus, links: links))
        html.raw("</div>")
    }
}
