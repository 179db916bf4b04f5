import Foundation
import LineageModel
import LineageStore

extension WebUI {
    /// `/web/diff/{a}/{b}`: what changed from lineage A to lineage B, as the store's
    /// `LineageDiff` (the JSON API's `/api/graph/v1/lineages/{a}/diff/{b}`) reports it: git,
    /// jobs changed field by field, jobs and artifacts on one side only.
    func diffPage(_ textA: String, _ textB: String, viewer: Viewer) async throws -> WebPageResult {
        let a = try await resolveLineage(textA, viewer: viewer)
        let b = try await resolveLineage(textB, viewer: viewer)
        if a.hash != textA || b.hash != textB { return .redirect(Self.diffURL(a.hash, b.hash)) }
        guard let before = try await store.lineageRecord(hash: a.hash), let after = try await store.lineageRecord(hash: b.hash) else {
            throw WebPageError.notFound("A lineage of this diff is no longer stored.")
        }
        let diff = LineageDiff(from: before, to: after)

        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / diff</nav><h1>Diff</h1><table class=\"facts card\">")
        for (name, info) in [("A", a), ("B", b)] {
            var cell = HTML()
            cell.link(WebComponents.lineageURL(info.hash), info.hash, className: "hash")
            cell.raw(" <span class=\"muted\">\(WebFormat.count(info.jobCount)) jobs · \(WebFormat.time(info.createdAt))</span>")
            WebComponents.factMarkup(&html, name, cell.string)
        }
        var links = HTML()
        links.link(Self.diffURL(b.hash, a.hash), "B against A")
        links.raw(" · ")
        links.link("/api/graph/v1/lineages/\(a.hash)/diff/\(b.hash)", "JSON")
        WebComponents.factMarkup(&html, "See", links.string)
        html.raw("</table>")
        if a.hash == b.hash { html.raw("<p class=\"notice\">Both sides are the same lineage.</p>") }

        let same = before.lineage.jobs.count - diff.jobsRemoved.count - diff.jobsChanged.count
        let differ = diff.jobsChanged.count + diff.jobsRemoved.count + diff.jobsAdded.count
        html.raw("<p>\(WebFormat.count(same)) jobs are the same; \(WebFormat.count(differ)) differ.</p>")
        if !diff.git.isEmpty {
            html.raw("<h2>Git</h2>")
            Self.changeTable(&html, DiffRow.git(diff.git))
        }
        html.raw("<h2>Jobs</h2>")
        if differ == 0 { html.raw("<p class=\"muted\">No job differs.</p>") }
        for change in diff.jobsChanged {
            html.raw("<div class=\"card\"><strong>Step \(change.after.stepNumber)</strong> ")
            Self.jobLink(&html, change.before, lineage: a.hash)
            html.raw(" → ")
            Self.jobLink(&html, change.after, lineage: b.hash)
            Self.changeTable(&html, DiffRow.job(change))
            html.raw("</div>")
        }
        for (jobs, side, lineage, pill) in [(diff.jobsRemoved, "A", a.hash, "failed"), (diff.jobsAdded, "B", b.hash, "public")] {
            for job in jobs {
                html.raw("<div class=\"card\"><strong>Step \(job.stepNumber)</strong> <span class=\"pill \(pill)\">only in \(side)</span> ")
                Self.jobLink(&html, job, lineage: lineage)
                html.raw("</div>")
            }
        }
        Self.artifactSides(&html, removed: diff.artifactsRemoved, added: diff.artifactsAdded)
        return .page(WebPage(title: "Diff \(WebFormat.short(a.hash, 8))…\(WebFormat.short(b.hash, 8))", body: html))
    }

    /// `/web/diff?a=…&b=…` (the lineage page's form) to the diff page's address.
    func diffFormRedirect(_ parameters: WebParameters) throws -> WebPageResult {
        guard let a = parameters.string("a"), let b = parameters.string("b"), !a.isEmpty, !b.isEmpty else {
            throw WebPageError.badRequest("A diff needs two lineage hashes (or prefixes), a and b.")
        }
        return .redirect(
            Self.diffURL(
                WebFormat.urlComponent(a.trimmingCharacters(in: .whitespaces)), WebFormat.urlComponent(b.trimmingCharacters(in: .whitespaces))))
    }

    static func diffURL(_ a: String, _ b: String) -> String { "/web/diff/\(a)/\(b)" }

    /// How many artifacts a diff lists on each side before "+N more".
    static var diffArtifactLimit: Int { 50 }

    static func artifactSides(_ html: inout HTML, removed: [String], added: [String]) {
        guard !removed.isEmpty || !added.isEmpty else { return }
        html.raw("<h2>Artifacts</h2><table class=\"facts card\">")
        for (name, hashes) in [("Only in A", removed), ("Only in B", added)] where !hashes.isEmpty {
            var cell = HTML()
            cell.raw("\(WebFormat.count(hashes.count)): ")
            for (index, hash) in hashes.prefix(diffArtifactLimit).enumerated() {
                if index > 0 { cell.raw(" ") }
                cell.link(WebComponents.artifactURL(hash), WebFormat.short(hash, 12), className: "hash", title: hash)
            }
            if hashes.count > diffArtifactLimit {
                cell.raw(" <span class=\"muted\">+\(WebFormat.count(hashes.count - diffArtifactLimit)) more</span>")
            }
            WebComponents.factMarkup(&html, name, cell.string)
        }
        html.raw("</table>")
    }

    static func jobLink(_ html: inout HTML, _ job: LineageDiff.JobSummary, lineage: String) {
        html.raw("<span class=\"mono\">")
        html.link(WebComponents.jobURL(lineage: lineage, uid: job.jobUID), WebFormat.truncated(job.command ?? "(no command)", 100))
        html.raw("</span>")
    }

    static func changeTable(_ html: inout HTML, _ rows: [DiffRow]) {
        html.raw("<table class=\"diff\"><thead><tr><th></th><th>A</th><th>B</th></tr></thead><tbody>")
        for row in rows {
            let kind = row.before == nil ? "added" : row.after == nil ? "removed" : "changed"
            html.raw("<tr class=\"\(kind)\"><th class=\"mono\">")
            html.text(row.name)
            html.raw("</th>")
            for side in [row.before, row.after] {
                html.raw("<td class=\"hash\">")
                if let side {
                    if row.isDigest, HexString.isHash256(side) {
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
