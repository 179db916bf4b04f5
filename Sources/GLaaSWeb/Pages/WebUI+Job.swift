import LineageModel
import LineageStore

extension WebUI {
    /// `/web/jobs/{lineage}/{job_uid}`: what ran (command, git, environment, packages) and
    /// what it read and wrote, with the jobs of the lineage on either side.
    func jobPage(lineage text: String, job uid: String, viewer: Viewer) async throws -> WebPageResult {
        let info = try await resolveLineage(text, viewer: viewer)
        guard Job.isValidUID(uid) else { throw WebPageError.badRequest("\"\(uid.prefix(80))\" is not a job uid.") }
        guard let stored = try await store.resolveJobUID(uid, inLineage: info.hash) else {
            throw WebPageError.notFound("Lineage \(WebFormat.short(info.hash, 16)) has no job \(uid).")
        }
        if stored != uid || info.hash != text { return .redirect(WebComponents.jobURL(lineage: info.hash, uid: stored)) }
        let jobs = try await visibleJobs(info)
        guard let job = jobs.first(where: { $0.jobUID == stored }) else {
            throw WebPageError.notFound("Lineage \(WebFormat.short(info.hash, 16)) has no job \(uid).")
        }
        var producers: [String: [Job]] = [:]
        var consumers: [String: [Job]] = [:]
        for other in jobs where other.jobUID != job.jobUID {
            for ref in other.outputs { producers[ref.hash, default: []].append(other) }
            for ref in other.inputs { consumers[ref.hash, default: []].append(other) }
        }
        let metadata = JobMetadata(job.metadata)

        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / ")
        html.link(WebComponents.lineageURL(info.hash), "lineage " + WebFormat.short(info.hash, 16))
        html.raw(" / job</nav><h1>Step \(job.stepNumber): <span class=\"mono\">")
        html.text(WebFormat.truncated(job.command ?? "(no command)", 200))
        html.raw("</span></h1><table class=\"facts card\">")
        WebComponents.fact(&html, "Command", job.command, mono: true)
        if let argv = metadata.argv, !argv.isEmpty { WebComponents.fact(&html, "Arguments", argv.joined(separator: " ⏐ "), mono: true) }
        WebComponents.fact(&html, "Job uid", job.jobUID, mono: true)
        WebComponents.fact(&html, "Type", job.jobType)
        WebComponents.factMarkup(&html, "Exit status", WebComponents.exit(job.exitCode))
        WebComponents.fact(&html, "Started", WebFormat.time(unix: job.timestamp))
        WebComponents.fact(&html, "Duration", WebFormat.duration(job.durationSeconds))
        if let parent = job.parentJobUID, jobs.contains(where: { $0.jobUID == parent }) {
            var link = HTML()
            link.link(WebComponents.jobURL(lineage: info.hash, uid: parent), parent, className: "hash")
            WebComponents.factMarkup(&html, "Parent job", link.string)
        }
        var graphLink = HTML()
        graphLink.link(
            WebComponents.graphURL(lineage: info.hash) + "?focus=" + WebFormat.urlComponent(LineageGraph.jobID(job.jobUID)),
            "upstream and downstream of this job")
        WebComponents.factMarkup(&html, "Graph", graphLink.string)
        html.raw("</table>")

        html.raw("<div class=\"cols\"><div><h2>Git</h2><table class=\"facts\">")
        WebComponents.fact(&html, "Repository", info.git.repo, mono: true)
        WebComponents.fact(&html, "Commit", job.gitCommit ?? info.git.commit, mono: true)
        WebComponents.fact(&html, "Branch", job.gitBranch ?? info.git.branch)
        for (name, value) in metadata.git where !["Commit", "Branch"].contains(name) {
            WebComponents.fact(&html, name, value, mono: name != "Message")
        }
        html.raw("</table></div><div><h2>Environment</h2><table class=\"facts\">")
        for (name, value) in metadata.environment { WebComponents.fact(&html, name, value) }
        html.raw("</table>")
        if metadata.environment.isEmpty { html.raw("<p class=\"muted\">not recorded</p>") }
        if !metadata.variables.isEmpty {
            html.raw("<h2>Environment variables</h2><table class=\"facts\">")
            for (name, value) in metadata.variables { WebComponents.fact(&html, name, value, mono: true) }
            html.raw("</table>")
        }
        html.raw("</div></div><h2>Inputs <span class=\"muted\">(\(job.inputs.count))</span></h2>")
        WebComponents.refTable(
            &html, job.inputs, extra: { ref in Self.jobLinks(producers[ref.hash] ?? [], lineage: info.hash, none: "raw input") },
            extraHeading: "Made by")
        html.raw("<h2>Outputs <span class=\"muted\">(\(job.outputs.count))</span></h2>")
        WebComponents.refTable(
            &html, job.outputs, extra: { ref in Self.jobLinks(consumers[ref.hash] ?? [], lineage: info.hash, none: "not read in this lineage") },
            extraHeading: "Read by")
        html.raw("<h2>Packages</h2>")
        if metadata.packages.isEmpty { html.raw("<p class=\"muted\">none recorded</p>") }
        for (manager, entries) in metadata.packages {
            html.raw("<details\(entries.count <= 30 ? " open" : "")><summary>")
            html.text("\(manager) (\(entries.count))")
            html.raw("</summary><table class=\"facts\">")
            for (name, version) in entries { WebComponents.fact(&html, name, version, mono: true) }
            html.raw("</table></details>")
        }
        if let raw = job.metadata, !raw.isEmpty {
            html.raw("<h2>Recorded metadata</h2><details><summary>JSON (\(WebFormat.size(Int64(raw.utf8.count))))</summary><pre>")
            html.text(raw)
            html.raw("</pre></details>")
        }
        return .page(WebPage(title: "Job \(job.stepNumber) · \(WebFormat.truncated(job.command ?? "", 40))", body: html))
    }

    /// Links to the given jobs of a lineage, or a muted note when there are none.
    static func jobLinks(_ jobs: [Job], lineage: String, none: String) -> String {
        guard !jobs.isEmpty else { return "<span class=\"muted\">\(none)</span>" }
        var html = HTML()
        for (index, job) in jobs.prefix(5).enumerated() {
            if index > 0 { html.raw(", ") }
            html.link(WebComponents.jobURL(lineage: lineage, uid: job.jobUID), "step \(job.stepNumber)", title: job.command ?? "")
        }
        if jobs.count > 5 { html.raw(" and \(jobs.count - 5) more") }
        return html.string
    }
}
