import LineageModel
import LineageStore

extension WebUI {
    /// `/web/artifacts/{digest}`: an artifact's digests, size and source, the jobs that produced
    /// and consumed it, and the lineages it is in. A prefix naming several lists them.
    func artifactPage(_ text: String, viewer: Viewer) async throws -> WebPageResult {
        let info: ArtifactInfo
        switch try await resolveArtifacts(text, viewer: viewer) {
        case .found(let found): info = found
        case .ambiguous(let candidates, _): return .page(candidatesPage(text, candidates))
        case .notFound: throw WebPageError.notFound("No artifact with a digest starting with \(text) is visible here.")
        }
        let artifact = info.artifact
        let producers = try await store.jobs(touching: artifact.hash, direction: .output, visibleTo: viewer, limit: 50)
        let consumers = try await store.jobs(touching: artifact.hash, direction: .input, visibleTo: viewer, limit: 200)
        let lineages = try await store.lineageHashes(containing: artifact.hash, visibleTo: viewer, limit: 50)
        let paths = Self.paths(of: artifact.hash, in: producers + consumers)

        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / artifact</nav><h1>")
        html.text(paths.first.map(WebFormat.baseName) ?? "Artifact \(WebFormat.short(artifact.hash, 16))")
        html.raw("</h1><table class=\"facts card\">")
        WebComponents.fact(&html, artifact.canonicalDigest.algorithm, artifact.hash, mono: true)
        for digest in artifact.digests where digest != artifact.canonicalDigest {
            WebComponents.fact(&html, digest.algorithm, digest.hex, mono: true)
        }
        WebComponents.fact(&html, "Size", "\(WebFormat.size(artifact.size)) (\(WebFormat.count(Int(clamping: artifact.size))) bytes)")
        WebComponents.fact(&html, "Kind", artifact.kind == .composite ? "dataset (\(WebFormat.count(info.componentCount ?? 0)) components)" : "file")
        WebComponents.fact(&html, "Source type", artifact.sourceType)
        if let url = artifact.sourceURL, !url.isEmpty {
            let lower = url.lowercased()
            if lower.hasPrefix("https://") || lower.hasPrefix("http://") {
                var link = HTML()
                link.link(url, url, className: "hash")
                WebComponents.factMarkup(&html, "Source URL", link.string)
            } else {
                WebComponents.fact(&html, "Source URL", url, mono: true)
            }
        }
        if !paths.isEmpty { WebComponents.fact(&html, paths.count == 1 ? "Path" : "Paths", paths.prefix(10).joined(separator: "\n"), mono: true) }
        WebComponents.fact(&html, "First registered", WebFormat.time(info.registeredAt))
        WebComponents.factMarkup(&html, "Visibility", WebComponents.visibility(info.visibility))
        WebComponents.fact(&html, "Owner", info.ownerName)
        if let original = info.originalLineageHash {
            var link = HTML()
            link.link(WebComponents.lineageURL(original), original, className: "hash")
            link.raw(" · ")
            link.link(WebComponents.graphURL(lineage: original) + "?focus=" + LineageGraph.artifactID(artifact.hash), "graph around it")
            WebComponents.factMarkup(&html, "First lineage", link.string)
        }
        var downstream = HTML()
        downstream.link(WebComponents.artifactURL(artifact.hash) + "/downstream", "everything made from it")
        downstream.raw(" · ")
        downstream.link(WebComponents.artifactURL(artifact.hash) + "/terminal", "its final outputs")
        WebComponents.factMarkup(&html, "Downstream", downstream.string)
        html.raw("</table>")
        Self.conflictTable(&html, info.conflicts)
        for label in info.labels { Self.labelTable(&html, label, lineage: info.labels.count > 1 ? label.target.lineageHash : nil) }

        html.raw("<h2>Produced by</h2>")
        if producers.isEmpty {
            html.raw("<p class=\"muted\">No job in a visible lineage wrote it: it is a raw input.</p>")
        } else {
            WebComponents.jobTable(&html, producers, showLineage: true)
        }
        html.raw("<h2>Consumed by <span class=\"muted\">(\(consumers.count == 200 ? "first 200" : WebFormat.count(consumers.count)))</span></h2>")
        if consumers.isEmpty {
            html.raw("<p class=\"muted\">No job in a visible lineage read it.</p>")
        } else {
            WebComponents.jobTable(&html, consumers, showLineage: true)
        }
        html.raw("<h2>In lineages</h2><ul>")
        for lineage in lineages {
            html.raw("<li class=\"hash\">")
            html.link(WebComponents.lineageURL(lineage), lineage)
            html.raw(" · ")
            html.link(WebComponents.graphURL(lineage: lineage) + "?focus=" + LineageGraph.artifactID(artifact.hash), "graph")
            html.raw("</li>")
        }
        html.raw("</ul>")
        if artifact.kind == .composite { try await componentTable(&html, artifact.hash, viewer: viewer) }
        if let metadata = artifact.metadata, !metadata.isEmpty {
            html.raw("<h2>Metadata</h2><pre>")
            html.text(metadata)
            html.raw("</pre>")
        }
        return .page(WebPage(title: "Artifact \(WebFormat.short(artifact.hash))", body: html))
    }

    /// The paths an artifact had in the given jobs' edges, shortest first.
    static func paths(of hash: String, in jobs: [PublishedJob]) -> [String] {
        var paths = Set<String>()
        for job in jobs {
            for ref in job.job.inputs + job.job.outputs where ref.hash == hash {
                if let path = ref.path, !path.isEmpty { paths.insert(path) }
            }
        }
        return paths.sorted { ($0.count, $0) < ($1.count, $1) }
    }

    /// A label document as key = value rows; `lineage` names the lineage whose label it is when
    /// the artifact has labels in several.
    static func labelTable(_ html: inout HTML, _ label: LabelVersion?, lineage: String? = nil) {
        guard let label, !label.document.isEmpty else { return }
        html.raw("<h2>Labels <span class=\"muted\">(version \(label.version)")
        if let lineage {
            html.raw(", in lineage ")
            html.link(WebComponents.lineageURL(lineage), WebFormat.short(lineage), className: "hash")
        }
        html.raw(")</span></h2><table class=\"facts\">")
        for (key, value) in label.document.leaves.sorted(by: { $0.key < $1.key }) {
            WebComponents.fact(&html, key, value.stringValue ?? CanonicalJSON.string(value), mono: true)
        }
        html.raw("</table>")
    }

    private func componentTable(_ html: inout HTML, _ hash: String, viewer: Viewer) async throws {
        let components = try await store.components(ofComposite: hash, visibleTo: viewer)
        html.raw("<h2>Components <span class=\"muted\">(\(WebFormat.count(components.count)) stored)</span></h2>")
        html.raw("<table><thead><tr><th>Path</th><th>Digest</th><th>Size</th></tr></thead><tbody>")
        for component in components.prefix(500) {
            html.raw("<tr><td class=\"mono\">")
            html.text(component.relativePath)
            html.raw("</td><td class=\"hash\">")
            html.text("\(component.algorithm):\(component.digest)")
            html.raw("</td><td>\(component.size.map(WebFormat.size) ?? "")</td></tr>")
        }
        html.raw("</tbody></table>")
    }

    private func candidatesPage(_ text: String, _ matches: [ArtifactInfo]) -> WebPage {
        var html = HTML()
        html.raw("<nav class=\"crumbs\"><a href=\"/\">lineages</a> / artifact</nav><h1>Several artifacts start with ")
        html.text(text)
        html.raw("</h1><ul>")
        for info in matches {
            html.raw("<li class=\"hash\">")
            html.link(WebComponents.artifactURL(info.artifact.hash), info.artifact.hash)
            html.raw(" <span class=\"muted\">\(WebFormat.size(info.artifact.size))</span></li>")
        }
        html.raw("</ul>")
        if matches.count > 20 { html.raw("<p class=\"muted\">and more: use more characters.</p>") }
        return WebPage(title: "Artifacts", body: html)
    }
}
