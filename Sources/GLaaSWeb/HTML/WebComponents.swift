import LineageModel
import LineageStore

/// Pieces several pages share: addresses of pages, links to them, tables of lineages and jobs.
enum WebComponents {
    static func lineageURL(_ hash: String) -> String { "/web/dag/\(hash)" }
    static func artifactURL(_ hash: String) -> String { "/web/artifacts/\(hash)" }
    static func jobURL(lineage: String, uid: String) -> String { "/web/jobs/\(lineage)/\(WebFormat.urlComponent(uid))" }
    static func graphURL(lineage: String) -> String { "/web/dag/\(lineage)/graph" }

    /// A row of a facts table; the value is data.
    static func fact(_ html: inout HTML, _ name: String, _ value: String?, mono: Bool = false) {
        guard let value, !value.isEmpty else { return }
        html.raw("<tr><th>\(HTML.escape(name))</th><td\(mono ? " class=\"hash\"" : "")>")
        html.text(value)
        html.raw("</td></tr>")
    }

    /// A row of a facts table whose value is markup the caller built.
    static func factMarkup(_ html: inout HTML, _ name: String, _ markup: String) {
        html.raw("<tr><th>\(HTML.escape(name))</th><td>\(markup)</td></tr>")
    }

    static func visibility(_ visibility: Visibility) -> String {
        "<span class=\"pill \(visibility.rawValue)\">\(visibility.rawValue)</span>"
    }

    /// Lineages as a table: hash, repository and commit, jobs, publisher, time.
    /// Links to other pages of a listing ("newest", "older", "next 50"), or nothing.
    static func pager(_ html: inout HTML, _ links: [(href: String, label: String)]) {
        guard !links.isEmpty else { return }
        html.raw("<p class=\"pager\">")
        for (index, link) in links.enumerated() {
            if index > 0 { html.raw(" · ") }
            html.link(link.href, link.label)
        }
        html.raw("</p>")
    }

    static func lineageTable(_ html: inout HTML, _ lineages: [LineageInfo]) {
        html.raw(
            "<table class=\"lineages\"><thead><tr><th>Lineage</th><th>Repository</th><th>Commit</th><th>Jobs</th><th>Published by</th><th>Created</th></tr></thead><tbody>"
        )
        for lineage in lineages {
            html.raw("<tr><td class=\"hash\">")
            html.link(lineageURL(lineage.hash), WebFormat.short(lineage.hash, 16), title: lineage.hash)
            html.raw(" \(visibility(lineage.visibility))</td><td>")
            html.text(lineage.git.repo ?? "")
            html.raw("</td><td class=\"hash\">")
            html.text(WebFormat.short(lineage.git.commit ?? "", 10))
            html.text(lineage.git.branch.map { " (\($0))" } ?? "")
            html.raw("</td><td>\(WebFormat.count(lineage.jobCount))</td><td>")
            html.text(lineage.ownerName ?? lineage.creatorIdentity)
            html.raw("</td><td>\(WebFormat.time(lineage.createdAt))</td></tr>")
        }
        html.raw("</tbody></table>")
    }

    /// Jobs (of any lineages) as a table: command, step, lineage, exit.
    static func jobTable(_ html: inout HTML, _ jobs: [PublishedJob], showLineage: Bool) {
        html.raw(
            "<table class=\"jobs\"><thead><tr><th>Step</th><th>Command</th><th>Exit</th>\(showLineage ? "<th>Lineage</th>" : "")</tr></thead><tbody>")
        for published in jobs {
            let job = published.job
            html.raw("<tr><td>\(job.stepNumber)</td><td class=\"mono\">")
            html.link(jobURL(lineage: published.lineageHash, uid: job.jobUID), WebFormat.truncated(job.command ?? "(no command)", 140))
            html.raw("</td><td>\(exit(job.exitCode))</td>")
            if showLineage {
                html.raw("<td class=\"hash\">")
                html.link(lineageURL(published.lineageHash), WebFormat.short(published.lineageHash, 16), title: published.lineageHash)
                html.raw("</td>")
            }
            html.raw("</tr>")
        }
        html.raw("</tbody></table>")
    }

    static func exit(_ code: Int?) -> String {
        guard let code else { return "<span class=\"muted\">?</span>" }
        return code == 0 ? "0" : "<span class=\"pill failed\">\(code)</span>"
    }

    /// Edges of a job as a table: digest link, size, path.
    static func refTable(_ html: inout HTML, _ refs: [ArtifactRef], extra: ((ArtifactRef) -> String)? = nil, extraHeading: String = "") {
        guard !refs.isEmpty else {
            html.raw("<p class=\"muted\">none</p>")
            return
        }
        html.raw(
            "<table class=\"refs\"><thead><tr><th>Digest</th><th>Size</th><th>Path</th>\(extra == nil ? "" : "<th>\(extraHeading)</th>")</tr></thead><tbody>"
        )
        for ref in refs {
            html.raw("<tr><td class=\"hash\">")
            html.link(artifactURL(ref.hash), WebFormat.short(ref.hash, 16), title: ref.hash)
            html.raw("</td><td>\(ref.size.map(WebFormat.size) ?? "")</td><td class=\"mono\">")
            html.text(ref.path ?? "")
            html.raw("</td>")
            if let extra { html.raw("<td>\(extra(ref))</td>") }
            html.raw("</tr>")
        }
        html.raw("</tbody></table>")
    }
}
