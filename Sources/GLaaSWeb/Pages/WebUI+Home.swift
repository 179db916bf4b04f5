import LineageStore

extension WebUI {
    /// `/`: the search box and the most recent lineages the viewer can see.
    func home(_ viewer: Viewer) async throws -> WebPageResult {
        let (lineages, total) = try await store.recentLineages(visibleTo: viewer, limit: 25)
        var html = HTML()
        html.raw("<h1>Lineage registry</h1>")
        html.raw("<form class=\"big\" method=\"get\" action=\"/web/search\" role=\"search\">")
        html.raw(
            "<input type=\"search\" name=\"q\" autofocus placeholder=\"a digest or lineage hash prefix (8+ hex), a path, or tag:key=value\" aria-label=\"Search\">"
        )
        html.raw("<button type=\"submit\">Search</button></form>")
        html.raw("<h2>Recent lineages <span class=\"muted\">(\(WebFormat.count(lineages.count)) of \(WebFormat.count(total)))</span></h2>")
        if lineages.isEmpty {
            html.raw("<p class=\"muted\">Nothing is published yet. <code>roar register</code> publishes a lineage here.</p>")
        } else {
            WebComponents.lineageTable(&html, lineages)
        }
        return .page(WebPage(title: "Lineages", body: html))
    }
}
