import LineageStore

extension WebUI {
    /// Artifacts on one page of a search.
    static var searchPageSize: Int { 50 }

    /// `/web/search?q=&since=&until=&after=`: artifacts and lineages matching a prefix (or a
    /// path or tag where the search supports it), registered in the time window, 50 a page. A
    /// hex text naming exactly one thing goes straight to its page.
    func searchPage(_ parameters: WebParameters, viewer: Viewer) async throws -> WebPageResult {
        let text = parameters.string("q") ?? ""
        guard let query = WebQuery(text) else {
            throw WebPageError.badRequest("Search for a digest or lineage hash prefix of at least 8 hex characters, a path, or tag:key=value.")
        }
        let window = try WebTimeWindow(parameters)
        let after = try parameters.integer("after", in: 1...Int(Int64.max - 1)).map(Int64.init)
        let request = WebSearchPage(since: window.since, until: window.until, afterID: after)
        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / search</nav><h1>Search: ")
        html.text(text)
        html.raw("</h1>")
        window.form(&html, action: "/web/search", hidden: ["q": text])
        guard let results = try await search.results(for: query, page: request, viewer: viewer, limit: Self.searchPageSize) else {
            html.raw(
                "<p class=\"notice\">This registry cannot search by \(query.kindName) yet; search by digest or lineage hash prefix (8 or more hex characters).</p>"
            )
            return .page(WebPage(title: "Search", body: html, query: text))
        }
        if case .digestPrefix = query, request.isFirstUnfiltered, results.artifacts.count + results.lineages.count == 1 {
            if let artifact = results.artifacts.first { return .redirect(WebComponents.artifactURL(artifact.info.artifact.hash)) }
            if let lineage = results.lineages.first { return .redirect(WebComponents.lineageURL(lineage.hash)) }
        }
        if results.isEmpty {
            html.raw("<p class=\"notice\">Nothing visible here matches\(window.isEmpty ? "" : " in this time window").</p>")
            return .page(WebPage(title: "Search", body: html, query: text))
        }
        if !results.artifacts.isEmpty {
            html.raw(
                "<h2>Artifacts</h2><table><thead><tr><th>Digest</th><th>Size</th><th>Kind</th><th>Path</th><th>First lineage</th></tr></thead><tbody>"
            )
            for (info, path) in results.artifacts {
                html.raw("<tr><td class=\"hash\">")
                html.link(WebComponents.artifactURL(info.artifact.hash), info.artifact.hash)
                html.raw("</td><td>\(WebFormat.size(info.artifact.size))</td><td>\(info.artifact.kind.rawValue)</td><td class=\"mono\">")
                html.text(path ?? "")
                html.raw("</td><td class=\"hash\">")
                if let lineage = info.originalLineageHash {
                    html.link(WebComponents.lineageURL(lineage), WebFormat.short(lineage, 16), title: lineage)
                }
                html.raw("</td></tr>")
            }
            html.raw("</tbody></table>")
        }
        if !results.lineages.isEmpty {
            html.raw("<h2>Lineages</h2>")
            WebComponents.lineageTable(&html, results.lineages)
        }
        var links: [(String, String)] = []
        if after != nil { links.append((Self.searchURL(text, window, after: nil), "first page")) }
        if let next = results.nextAfterID { links.append((Self.searchURL(text, window, after: next), "next \(Self.searchPageSize) artifacts")) }
        WebComponents.pager(&html, links)
        if results.more && results.nextAfterID == nil {
            html.raw("<p class=\"muted\">Only the first \(Self.searchPageSize) lineages are shown; type more characters to narrow the search.</p>")
        }
        return .page(WebPage(title: "Search", body: html, query: text))
    }

    /// The search page's address for a text, window and page.
    static func searchURL(_ text: String, _ window: WebTimeWindow, after: Int64?) -> String {
        let items = ["q=\(WebFormat.urlComponent(text))"] + window.queryItems + (after.map { ["after=\($0)"] } ?? [])
        return "/web/search?" + items.joined(separator: "&")
    }
}

extension WebQuery {
    var kindName: String {
        switch self {
        case .digestPrefix: "digest prefix"
        case .path: "path"
        case .tag: "tag"
        }
    }

    /// The path a path search looks for, shown beside each artifact found.
    var pathText: String? {
        if case .path(let text) = self { return text }
        return nil
    }
}
