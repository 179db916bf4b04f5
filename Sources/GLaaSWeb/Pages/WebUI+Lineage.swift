import Hummingbird
import LineageModel
import LineageStore

extension WebUI {
    /// `/web/dag/{hash}` (the address roar prints after a register): the lineage's header, its
    /// graph (fan-outs folded) and its jobs. A unique prefix redirects to the full hash.
    func lineagePage(_ text: String, request: Request, viewer: Viewer) async throws -> WebPageResult {
        let info = try await resolveLineage(text, viewer: viewer)
        let parameters = WebParameters(request)
        if info.hash != text { return .redirect(WebComponents.lineageURL(info.hash)) }
        let jobs = try await store.jobs(inLineage: info.hash)
        let graph = LineageGraph(jobs: jobs.map(\.job))
        let label = try await store.currentLabel(LabelTarget(kind: .dag, lineageHash: info.hash))

        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / lineage</nav><h1>Lineage <span class=\"hash\">")
        html.text(info.hash)
        html.raw("</span></h1><table class=\"facts card\">")
        WebComponents.fact(&html, "Repository", info.git.repo, mono: true)
        WebComponents.fact(&html, "Commit", info.git.commit, mono: true)
        WebComponents.fact(&html, "Branch", info.git.branch)
        WebComponents.fact(&html, "Published by", info.ownerName.map { "\($0) (\(info.creatorIdentity))" } ?? info.creatorIdentity)
        WebComponents.factMarkup(&html, "Visibility", WebComponents.visibility(info.visibility))
        WebComponents.fact(&html, "Created", WebFormat.time(info.createdAt))
        let artifactCount = graph.nodes.lazy.filter { $0.kind == .artifact }.count
        WebComponents.fact(&html, "Size", "\(WebFormat.count(info.jobCount)) jobs, \(WebFormat.count(artifactCount)) artifacts")
        var compare = HTML()
        compare.raw("<form method=\"get\" action=\"/web/diff\" class=\"inline\"><input type=\"hidden\" name=\"a\" value=\"\(info.hash)\">")
        compare.raw(
            "<input name=\"b\" placeholder=\"another lineage hash or prefix\" size=\"40\" aria-label=\"lineage to compare with\"> <button type=\"submit\">Diff</button></form>"
        )
        WebComponents.factMarkup(&html, "Compare", compare.string)
        var downloads = HTML()
        for (format, name) in [("glaas-graph", "glaas-graph JSON"), ("prov", "PROV-JSON"), ("openlineage", "OpenLineage events")] {
            if !downloads.string.isEmpty { downloads.raw(" · ") }
            downloads.link("/web/dag/\(info.hash)/export?format=\(format)", name)
        }
        WebComponents.factMarkup(&html, "Download", downloads.string)
        html.raw("</table>")
        Self.labelTable(&html, label)

        html.raw("<h2>Graph <span class=\"muted\">(")
        html.link(WebComponents.graphURL(lineage: info.hash), "open on its own page")
        html.raw(")</span></h2>")
        try graphSection(&html, graph: graph, lineage: info.hash, request: GraphRequest(focus: nil))

        let limit = parameters.string("jobs") == "all" ? jobs.count : 200
        html.raw("<h2>Jobs <span class=\"muted\">(\(WebFormat.count(jobs.count)))</span></h2>")
        WebComponents.jobTable(&html, Array(jobs.prefix(limit)), showLineage: false)
        if jobs.count > limit {
            html.raw("<p>")
            html.link(WebComponents.lineageURL(info.hash) + "?jobs=all", "show all \(WebFormat.count(jobs.count)) jobs")
            html.raw("</p>")
        }
        return .page(WebPage(title: "Lineage \(WebFormat.short(info.hash))", body: html))
    }
}
