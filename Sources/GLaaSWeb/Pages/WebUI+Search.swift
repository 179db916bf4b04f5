import LineageStore

extension WebUI {
    /// `/web/search?q=`: artifacts and lineages matching a prefix (or a path or tag where the
    /// search supports it). A hex text naming exactly one thing goes straight to its page.
    func searchPage(_ text: String, viewer: Viewer) async throws -> WebPageResult {
        guard let query = WebQuery(text) else {
            throw WebPageError.badRequest("Search for a digest or lineage hash prefix of at least 8 hex characters, a path, or tag:key=value.")
        }
        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / search</nav><h1>Search: ")
        html.text(text)
        html.raw("</h1>")
        guard let results = try await search.results(for: query, viewer: viewer, limit: 50) else {
            html.raw(
                "<p class=\"notice\">This registry cannot search by \(query.kindName) yet; search by digest or lineage hash prefix (8 or more hex characters).</p>"
            )
            return .page(WebPage(title: "Search", body: html, query: text))
        }
        if case .digestPrefix = query, results.artifacts.count + results.lineages.count == 1 {
            if let artifact = results.artifacts.first { return .redirect(WebComponents.artifactURL(artifact.info.artifact.hash)) }
            if let lineage = results.lineages.first { return .redirect(WebComponents.lineageURL(lineage.hash)) }
        }
        if results.isEmpty {
            html.raw("<p class=\"notice\">Nothing visible here matches.</p>")
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
        if results.more { html.raw("<p class=\"muted\">Only the first 50 of each are shown; type more characters to narrow the search.</p>") }
        return .page(WebPage(title: "Search", body: html, query: text))
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
}
