import Foundation
import TestSupport
import Testing

/// The web UI in a real browser: a live server on a free 127.0.0.1 port with the seeded
/// registry, headless Chromium loading pages and following the links it finds in the rendered
/// DOM, and a screenshot of each kind of page kept in `.build-screenshots/` (ignored by git).
@Suite(.enabled(if: Chromium.available, Chromium.unavailableReason), .serialized, .timeLimit(.minutes(15)))
struct ChromiumPageTests {
    static let screenshots = BuiltProducts.packageRoot.appendingPathComponent(".build-screenshots")

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
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let pages: [(String, String)] = [
            ("home", "/"),
            ("search-path", "/web/search?q=data.csv"),
            ("artifact", "/web/artifacts/\(TestDigest.label("model.bin"))"),
            ("job", "/web/jobs/\(seeded.pipeline)/train001"),
            ("lineage", "/web/dag/\(seeded.pipeline)"),
            ("lineage-1208-nodes", "/web/dag/\(seeded.big)"),
            ("graph-focus", "/web/dag/\(seeded.big)/graph?focus=j.merge000"),
            ("diff", "/web/diff/\(seeded.pipeline)/\(seeded.variant)"),
            ("hostile-job", "/web/jobs/\(seeded.hostile)/evil0001"),
            ("not-found", "/web/dag/\(String(repeating: "0", count: 64))"),
        ]
        try await server.live { origin, _ in
            for (name, path) in pages {
                let file = Self.screenshots.appendingPathComponent("\(name).png")
                try await chromium.screenshot(origin + path, to: file)
                let bytes = try Data(contentsOf: file)
                #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is a PNG")
                #expect(bytes.count > 10_000, "\(name) shows something (\(bytes.count) bytes)")
            }
            // The graph page after opening a group, found by following the link as a reader would.
            let big = try await chromium.dumpDOM(origin + "/web/dag/\(seeded.big)/graph")
            let expand = try #require(HTMLLinks.hrefs(in: big).first { $0.contains("expand=g") })
            try await chromium.screenshot(origin + expand, to: Self.screenshots.appendingPathComponent("graph-expanded.png"))
        }
    }
}
