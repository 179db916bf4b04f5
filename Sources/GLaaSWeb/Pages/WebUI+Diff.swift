import Foundation
import LineageModel
import LineageStore

extension WebUI {
    /// `/web/diff/{a}/{b}`: two visible lineages side by side, job by job.
    func diffPage(_ textA: String, _ textB: String, viewer: Viewer) async throws -> WebPageResult {
        let a = try await resolveLineage(textA, viewer: viewer)
        let b = try await resolveLineage(textB, viewer: viewer)
        if a.hash != textA || b.hash != textB { return .redirect(Self.diffURL(a.hash, b.hash)) }
        let diff = WebLineageDiff(a: (a.git, try await visibleJobs(a)), b: (b.git, try await visibleJobs(b)))

        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / diff</nav><h1>Diff</h1><table class=\"facts card\">")
        for (name, info) in [("A", a), ("B", b)] {
            var cell = HTML()
            cell.link(WebComponents.lineageURL(info.hash), info.hash, className: "hash")
            cell.raw(" <span class=\"muted\">\(WebFormat.count(info.jobCount)) jobs · \(WebFormat.time(info.createdAt))</span>")
            WebComponents.factMarkup(&html, name, cell.string)
        }
        var swap = HTML()
        swap.link(Self.diffURL(b.hash, a.hash), "B against A")
        WebComponents.factMarkup(&html, "Swap", swap.string)
        html.raw("</table>")
        if a.hash == b.hash { html.raw("<p class=\"notice\">Both sides are the same lineage.</p>") }

        let changed = diff.jobs.filter { !$0.changes.isEmpty || $0.a == nil || $0.b == nil }
        html.raw("<p>\(WebFormat.count(diff.unchangedCount)) jobs are the same; \(WebFormat.count(changed.count)) differ.</p>")
        if !diff.git.isEmpty {
            html.raw("<h2>Git</h2>")
            Self.changeTable(&html, diff.git)
        }
        html.raw("<h2>Jobs</h2>")
        if changed.isEmpty { html.raw("<p class=\"muted\">No job differs.</p>") }
        for pair in changed {
            html.raw("<div class=\"card\"><strong>Step \(pair.step)</strong> ")
            switch (pair.a, pair.b) {
            case (let job?, nil):
                html.raw("<span class=\"pill failed\">only in A</span> ")
                Self.jobLink(&html, job, lineage: a.hash)
            case (nil, let job?):
                html.raw("<span class=\"pill public\">only in B</span> ")
                Self.jobLink(&html, job, lineage: b.hash)
            case (let left?, let right?):
                Self.jobLink(&html, left, lineage: a.hash)
                html.raw(" → ")
                Self.jobLink(&html, right, lineage: b.hash)
                Self.changeTable(&html, pair.changes)
            case (nil, nil):
                break
            }
            html.raw("</div>")
        }
        return .page(WebPage(title: "Diff \(WebFormat.short(a.hash, 8))…\(WebFormat.short(b.hash, 8))", body: html))
    }

    /// `/web/diff?a=…&b=…` (the lineage page's form) to the diff page's address.
    func diffFormRedirect(_ parameters: WebParameters) throws -> WebPageResult {
        guard let a = parameters.string("a"), let b = parameters.string("b"), !a.isEmpty, !b.isEmpty else {
            throw WebPageError.badRequest("A diff needs two lineage hashes (or prefixes), a and b.")
        }
        return .redirect(Self.diffURL(WebFormat.urlComponent(a.trimmingCharacters(in: .whitespaces)), WebFormat.urlComponent(b.trimmingCharacters(in: .whitespaces))))
    }

    static func diffURL(_ a: String, _ b: String) -> String { "/web/diff/\(a)/\(b)" }

    static func jobLink(_ html: inout HTML, _ job: Job, lineage: String) {
        html.raw("<span class=\"mono\">")
        html.link(WebComponents.jobURL(lineage: lineage, uid: job.jobUID), WebFormat.truncated(job.command ?? "(no command)", 100))
        html.raw("</span>")
    }

    static func changeTable(_ html: inout HTML, _ changes: [WebLineageDiff.Change]) {
        html.raw("<table class=\"diff\"><thead><tr><th></th><th>A</th><th>B</th></tr></thead><tbody>")
        for change in changes {
            let kind = change.a == nil ? "added" : change.b == nil ? "removed" : "changed"
            html.raw("<tr class=\"\(kind)\"><th class=\"mono\">")
            html.text(change.name)
            html.raw("</th>")
            for side in [change.a, change.b] {
                html.raw("<td class=\"hash\">")
                if let side {
                    if HexString.isHash256(side), change.name.hasPrefix("input ") || change.name.hasPrefix("output ") {
                        html.link(WebComponents.artifactURL(side), WebFormat.short(side, 16), title: side)
                    } else {
                        html.text(side)
                    }
                } else {
                    html.raw("<span class=\"muted\">—</span>")
                }
                html.raw("</td>")
            }
            html.raw("</tr>")
        }
        html.raw("</tbody></table>")
    }
}
