import Hummingbird
import LineageModel
import LineageStore

extension WebUI {
    /// Depths the downstream page walks (jobs away from the artifact), and its node cap.
    static var downstreamDepths: ClosedRange<Int> { 1...20 }
    static var downstreamNodeLimit: Int { 500 }

    /// `/web/artifacts/{digest}/downstream?depth=N`: every job and artifact made from the
    /// artifact, across lineages, nearest first, and where the walk stopped when a cap cut it.
    func downstreamPage(_ text: String, request: Request, viewer: Viewer) async throws -> WebPageResult {
        let info = try await singleArtifact(text, viewer: viewer)
        let hash = info.artifact.hash
        let depth = try WebParameters(request).integer("depth", in: Self.downstreamDepths) ?? 5
        let walk = GraphWalkRequest(start: .artifact(hash: hash), direction: .downstream, depth: depth, nodeLimit: Self.downstreamNodeLimit)
        guard let result = try await store.walk(walk, visibleTo: viewer) else {
            throw WebPageError.notFound("No artifact \(hash) is visible here.")
        }
        var html = HTML()
        Self.artifactHeading(&html, hash, "Made from it")
        html.raw("<p class=\"muted\">Every job that read it, what they wrote, and onwards, across lineages, up to ")
        html.text("\(depth) jobs away")
        html.raw(" (")
        for other in [1, 5, 20] where other != depth {
            html.link(WebComponents.artifactURL(hash) + "/downstream?depth=\(other)", "\(other)")
            html.raw(" ")
        }
        html.raw("jobs). ")
        html.link(WebComponents.artifactURL(hash) + "/terminal", "Only its final outputs")
        html.raw("</p>")
        if result.truncated {
            html.open("p", ["class": "notice"])
            html.text(
                result.nodeLimitHit
                    ? "The walk stopped at \(Self.downstreamNodeLimit) nodes: more lie beyond."
                    : result.depthLimitHit ? "More lies beyond \(depth) jobs away: walk deeper." : "Not every edge is listed.")
            html.close("p")
        }
        html.raw("<h2>Jobs <span class=\"muted\">(\(WebFormat.count(result.jobs.count)))</span></h2>")
        if result.jobs.isEmpty {
            html.raw("<p class=\"muted\">No job in a visible lineage read it.</p>")
        } else {
            html.raw("<table><tr><th>depth</th><th>command</th><th>lineage</th></tr>")
            for job in result.jobs {
                html.raw("<tr><td>\(job.depth)</td><td class=\"mono\">")
                html.link(WebComponents.jobURL(lineage: job.lineageHash, uid: job.jobUID), job.command ?? job.jobUID)
                html.raw("</td><td>")
                html.link(WebComponents.lineageURL(job.lineageHash), WebFormat.short(job.lineageHash, 12), className: "hash")
                html.raw("</td></tr>")
            }
            html.raw("</table>")
        }
        html.raw("<h2>Artifacts <span class=\"muted\">(\(WebFormat.count(result.artifacts.count)))</span></h2>")
        html.raw("<table><tr><th>depth</th><th>digest</th><th>size</th></tr>")
        for artifact in result.artifacts {
            html.raw("<tr><td>\(artifact.depth)</td><td>")
            html.link(WebComponents.artifactURL(artifact.hash), artifact.hash, className: "hash")
            html.raw("</td><td>")
            html.text(WebFormat.size(artifact.size))
            html.raw("</td></tr>")
        }
        html.raw("</table>")
        return .page(WebPage(title: "Made from \(WebFormat.short(hash, 12))", body: html))
    }

    /// `/web/artifacts/{digest}/terminal?after=ID`: the artifacts made from it that no job reads
    /// (its final outputs: "every model trained on this dataset"), 100 a page.
    func terminalPage(_ text: String, request: Request, viewer: Viewer) async throws -> WebPageResult {
        let info = try await singleArtifact(text, viewer: viewer)
        let hash = info.artifact.hash
        let after = try WebParameters(request).integer("after", in: 0...Int(Int64.max)) ?? 0
        guard let page = try await store.terminalDescendants(of: hash, visibleTo: viewer, afterID: after == 0 ? nil : Int64(after), limit: 100)
        else { throw WebPageError.notFound("No artifact \(hash) is visible here.") }
        var html = HTML()
        Self.artifactHeading(&html, hash, "Final outputs made from it")
        html.raw("<p class=\"muted\">Artifacts made from it, across lineages, that no visible job reads. ")
        html.link(WebComponents.artifactURL(hash) + "/downstream", "Everything made from it")
        html.raw("</p>")
        if page.items.isEmpty {
            html.raw("<p class=\"muted\">None\(after == 0 ? ": no job in a visible lineage read it" : " further").</p>")
        } else {
            html.raw("<table><tr><th>digest</th><th>size</th><th>registered</th></tr>")
            for artifact in page.items {
                html.raw("<tr><td>")
                html.link(WebComponents.artifactURL(artifact.hash), artifact.hash, className: "hash")
                html.raw("</td><td>")
                html.text(WebFormat.size(artifact.size))
                html.raw("</td><td>")
                html.text(WebFormat.time(artifact.registeredAt))
                html.raw("</td></tr>")
            }
            html.raw("</table>")
        }
        if let next = page.nextAfterID {
            html.raw("<p>")
            html.link(WebComponents.artifactURL(hash) + "/terminal?after=\(next)", "next 100")
            html.raw("</p>")
        }
        return .page(WebPage(title: "Final outputs of \(WebFormat.short(hash, 12))", body: html))
    }

    /// The one artifact a digest or prefix names (a 404 for none, a 400 for several).
    func singleArtifact(_ text: String, viewer: Viewer) async throws -> ArtifactInfo {
        switch try await resolveArtifacts(text, viewer: viewer) {
        case .found(let found): return found
        case .ambiguous: throw WebPageError.badRequest("\(text) names several artifacts: give more of the digest.")
        case .notFound: throw WebPageError.notFound("No artifact with a digest starting with \(text) is visible here.")
        }
    }

    static func artifactHeading(_ html: inout HTML, _ hash: String, _ title: String) {
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / ")
        html.link(WebComponents.artifactURL(hash), "artifact \(WebFormat.short(hash, 12))")
        html.raw("</nav><h1>")
        html.text(title)
        html.raw("</h1>")
    }
}
