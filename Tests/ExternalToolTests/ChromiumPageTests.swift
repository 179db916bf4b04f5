import Foundation
import HTTPTypes
import TestSupport
import Testing

/// The web UI in a real browser: a live server on a free 127.0.0.1 port with the seeded
/// registry, headless Chromium loading pages and following the links it finds in the rendered
/// DOM, and a screenshot of each kind of page kept in `.build-screenshots/` (ignored by git).
@Suite(.enabled(if: Chromium.available, Chromium.unavailableReason), .serialized, .timeLimit(.minutes(15)))
struct ChromiumPageTests {
    static let screenshots = BuiltProducts.packageRoot.appendingPathComponent(".build-screenshots")

    /// A page to screenshot: the status it must be served with and the texts that make it that
    /// page (its title first), which an error page or another page would not show.
    struct Shot: Sendable {
        var name: String
        var path: String
        var status: HTTPResponse.Status = .ok
        var markers: [String]
    }

    @Test func pagesLoadAndLinksLeadWhereTheyShould() async throws {
        let chromium = try Chromium()
        defer { chromium.cleanUp() }
        let server = try await WebTestServer(.sqlite)
        let seeded = server.seeded
        try await server.live { origin, _ in
            let home = try await chromium.dumpDOM(origin + "/")
            #expect(home.contains("Recent lineages"))
            let lineageLink = try #require(HTMLLinks.hrefs(in: home).first { $0 == "/web/dag/\(seeded.pipeline)" })

            let lineage = try await chromium.dumpDOM(origin + lineageLink)
            #expect(lineage.contains("<svg"))
            #expect(lineage.contains("python train.py data.csv"))
            let jobLink = try #require(HTMLLinks.hrefs(in: lineage).first { $0.hasSuffix("/train001") })
            #expect(jobLink == "/web/jobs/\(seeded.pipeline)/train001")

            let job = try await chromium.dumpDOM(origin + jobLink)
            #expect(job.contains("worker-7"))
            #expect(job.contains("Packages"))
            let artifactLink = try #require(HTMLLinks.hrefs(in: job).first { $0.hasPrefix("/web/artifacts/") })
            let artifact = try await chromium.dumpDOM(origin + artifactLink)
            #expect(artifact.contains("Produced by"))
            #expect(artifact.contains(String(artifactLink.dropFirst("/web/artifacts/".count))))

            // The search box: a digest prefix redirects to the artifact page.
            let model = TestDigest.label("model.bin")
            let searched = try await chromium.dumpDOM(origin + "/web/search?q=\(model.prefix(14))")
            #expect(searched.contains("s3://bucket/models/model.bin"))

            // 1,000+ nodes: folded by default, a click on a group opens it.
            let big = try await chromium.dumpDOM(origin + "/web/dag/\(seeded.big)")
            #expect(big.contains("+400 artifacts"))
            let expand = try #require(HTMLLinks.hrefs(in: big).first { $0.contains("/graph?expand=g") })
            let opened = try await chromium.dumpDOM(origin + expand)
            #expect(opened.contains("shard-0000.csv"))

            let missing = try await chromium.dumpDOM(origin + "/web/dag/\(String(repeating: "0", count: 64))")
            #expect(missing.contains("Not found"))
        }
    }

    @Test func everyKindOfPageHasAScreenshot() async throws {
        let chromium = try Chromium()
        defer { chromium.cleanUp() }
        let server = try await WebTestServer(.sqlite)
        let seeded = server.seeded
        let model = TestDigest.label("model.bin")
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let shots = [
            Shot(name: "home", path: "/", markers: ["<title>Lineages · glaas</title>", "<h1>Lineage registry</h1>"]),
            Shot(
                name: "search-path", path: "/web/search?q=data.csv",
                markers: ["<title>Search · glaas</title>", "<h1>Search: data.csv</h1>", "<h2>Artifacts</h2>"]),
            Shot(
                name: "artifact", path: "/web/artifacts/\(model)",
                markers: ["<title>Artifact \(model.prefix(12)) · glaas</title>", "s3://bucket/models/model.bin"]),
            Shot(
                name: "job", path: "/web/jobs/\(seeded.pipeline)/train001",
                markers: ["<title>Job 2 · python train.py data.csv · glaas</title>", "worker-7"]),
            Shot(
                name: "lineage", path: "/web/dag/\(seeded.pipeline)",
                markers: ["<title>Lineage \(seeded.pipeline.prefix(12)) · glaas</title>", "python train.py data.csv"]),
            Shot(
                name: "lineage-1208-nodes", path: "/web/dag/\(seeded.big)",
                markers: ["<title>Lineage \(seeded.big.prefix(12)) · glaas</title>", "+400 artifacts"]),
            Shot(
                name: "graph-focus", path: "/web/dag/\(seeded.big)/graph?focus=j.merge000",
                markers: ["<title>Graph \(seeded.big.prefix(12)) · glaas</title>", "<h1>Graph around ", "merge parts"]),
            Shot(
                name: "diff", path: "/web/diff/\(seeded.pipeline)/\(seeded.variant)",
                markers: ["<title>Diff \(seeded.pipeline.prefix(8))…\(seeded.variant.prefix(8)) · glaas</title>", "<h1>Diff</h1>"]),
            Shot(
                name: "hostile-job", path: "/web/jobs/\(seeded.hostile)/evil0001",
                markers: ["<title>Job 1 · python x.py ", "&lt;script&gt;alert(1)&lt;/script&gt;"]),
            Shot(
                name: "not-found", path: "/web/dag/\(String(repeating: "0", count: 64))", status: .notFound,
                markers: ["<title>Not Found · glaas</title>", "<h1>Not found</h1>"]),
        ]
        try await server.live { origin, client in
            for shot in shots {
                try await Self.take(shot, origin: origin, client: client, chromium: chromium)
            }
            // The graph page after opening a group, found by following the link as a reader would.
            let big = try await chromium.dumpDOM(origin + "/web/dag/\(seeded.big)/graph")
            let expand = try #require(HTMLLinks.hrefs(in: big).first { $0.contains("expand=g") })
            try await Self.take(
                Shot(name: "graph-expanded", path: expand, markers: ["<title>Graph \(seeded.big.prefix(12)) · glaas</title>", "shard-0000.csv"]),
                origin: origin, client: client, chromium: chromium)
        }
    }

    /// Checks that `shot.path` is served with its status and shows its markers, over HTTP and in
    /// the DOM Chromium renders, and only then takes its screenshot.
    static func take(_ shot: Shot, origin: String, client: WebTestServer.Client, chromium: Chromium) async throws {
        let page = try await client.get(shot.path)
        #expect(page.status == shot.status, "\(shot.name): \(shot.path) answered \(page.status)")
        let dom = try await chromium.dumpDOM(origin + shot.path)
        for marker in shot.markers {
            #expect(page.body.contains(marker), "\(shot.name): the page served lacks \"\(marker)\"")
            #expect(dom.contains(marker), "\(shot.name): the page Chromium shows lacks \"\(marker)\"")
        }
        guard page.status == shot.status, shot.markers.allSatisfy({ dom.contains($0) }) else { return }
        let file = screenshots.appendingPathComponent("\(shot.name).png")
        try await chromium.screenshot(origin + shot.path, to: file)
        #expect(try Data(contentsOf: file).starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(shot.name) is a PNG")
    }
}
