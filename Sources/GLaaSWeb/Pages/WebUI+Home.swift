import LineageStore

extension WebUI {
    /// Lineages on one page of the home listing.
    static var homePageSize: Int { 25 }

    /// `/?since=&until=&before=ID`: the search box and the newest lineages the viewer can see,
    /// optionally within a time window, 25 a page (`before` continues below the previous
    /// page's last lineage).
    func home(_ parameters: WebParameters, viewer: Viewer) async throws -> WebPageResult {
        let window = try WebTimeWindow(parameters)
        let before = try parameters.integer("before", in: 1...Int(Int64.max - 1)).map(Int64.init)
        let listing = LineageListing(since: window.since, until: window.until, beforeID: before, limit: Self.homePageSize + 1)
        let (found, total) = try await store.recentLineages(listing, visibleTo: viewer)
        let lineages = Array(found.prefix(Self.homePageSize))
        var html = HTML()
        html.raw("<h1>Lineage registry</h1>")
        html.raw("<form class=\"big\" method=\"get\" action=\"/web/search\" role=\"search\">")
        html.raw(
            "<input type=\"search\" name=\"q\" autofocus placeholder=\"a digest or lineage hash prefix (8+ hex), a path, or tag:key=value\" aria-label=\"Search\">"
        )
        html.raw("<button type=\"submit\">Search</button></form>")
        let heading = window.isEmpty ? "Recent lineages" : "Lineages registered \(window.summary)"
        html.raw("<h2>")
        html.text(heading)
        html.raw(" <span class=\"muted\">(\(WebFormat.count(lineages.count)) of \(WebFormat.count(total)))</span></h2>")
        window.form(&html, action: "/")
        if lineages.isEmpty {
            if total == 0 && window.isEmpty {
                html.raw("<p class=\"muted\">Nothing is published yet. <code>roar register</code> publishes a lineage here.</p>")
            } else {
                html.raw("<p class=\"muted\">No lineage you can see was registered in this window\(before == nil ? "" : " below this point").</p>")
            }
        } else {
            WebComponents.lineageTable(&html, lineages)
        }
        var links: [(String, String)] = []
        if before != nil { links.append((Self.homeURL(window, before: nil), "newest")) }
        if found.count > Self.homePageSize, let last = lineages.last { links.append((Self.homeURL(window, before: last.id), "older")) }
        WebComponents.pager(&html, links)
        return .page(WebPage(title: "Lineages", body: html))
    }

    /// The home page's address for a window and page.
    static func homeURL(_ window: WebTimeWindow, before: Int64?) -> String {
        let items = window.queryItems + (before.map { ["before=\($0)"] } ?? [])
        return items.isEmpty ? "/" : "/?" + items.joined(separator: "&")
    }
}
