import Foundation
import HTTPTypes
import TestSupport
import Testing

@testable import GLaaSWeb

/// The web UI's pages in process: status, content, links, escaping, and 4xx pages for bad
/// or unknown addresses, on both stores.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct WebRouteTests {
    @Test(arguments: StoreKind.available)
    func homeListsPublicLineagesWithTheSearchBox(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        let seeded = server.seeded
        try await server.run { client in
            let home = try await client.get("/")
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(home.body.contains("action=\"/web/search\""))
            for hash in [seeded.pipeline, seeded.variant, seeded.big, seeded.hostile] {
                #expect(home.links.contains("/web/dag/\(hash)"), "home links lineage \(hash)")
            }
            #expect(!home.body.contains(seeded.privateLineage), "a private lineage is not listed to anonymous readers")
            // No asset from another origin.
            #expect(home.links.allSatisfy { $0.hasPrefix("/") })
            #expect(!home.body.contains("<script"))

            let css = try await client.get("/web/assets/glaas.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.body.contains(".graph"))
        }
    }

    @Test(arguments: StoreKind.available)
    func theAddressRoarPrintsShowsTheLineageAndEveryLinkLeadsToAPage(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        let hash = server.seeded.pipeline
        try await server.run { client in
            let page = try await client.get("/web/dag/\(hash)")
            #expect(page.status == .ok)
            #expect(page.body.contains(hash))
            #expect(page.body.contains("https://git.example.com/demo.git"))
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("python train.py data.csv"))
            let links = Set(page.links)
            #expect(links.contains("/web/jobs/\(hash)/train001"))
            #expect(links.contains("/web/artifacts/\(TestDigest.label("model.bin"))"))
            #expect(links.contains("/web/dag/\(hash)/graph"))
            #expect(links.contains("/web/dag/\(hash)/export?format=openlineage"))
            for link in links.sorted() where link.hasPrefix("/") {
                let target = try await client.get(link)
                #expect(target.status == .ok, "\(link) answers \(target.status)")
                // Pages are whole documents; the style sheet is the one asset; downloads are the
                // lineage's export files.
                if link.contains("/export?format=") {
                    #expect(!target.body.contains("</html>") && target.body.contains(hash), "\(link)")
                } else {
                    #expect(link.hasPrefix("/web/assets/") ? target.body.contains(":root") : target.body.contains("</html>"), "\(link)")
                }
            }

            let prefix = try await client.get("/web/dag/\(hash.prefix(12))")
            #expect(prefix.status == .seeOther)
            #expect(prefix.location == "/web/dag/\(hash)")
            let upper = try await client.get("/web/dag/\(hash.uppercased())")
            #expect(upper.location == "/web/dag/\(hash)")
        }
    }

    @Test(arguments: StoreKind.available)
    func theArtifactPageShowsDigestsSourceProducerAndConsumers(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        let hash = server.seeded.pipeline
        let model = TestDigest.label("model.bin")
        try await server.run { client in
            let page = try await client.get("/web/artifacts/\(model)")
            #expect(page.status == .ok)
            #expect(page.body.contains(model))
            #expect(page.body.contains(TestDigest.label("sha-model")), "the other digests are listed")
            #expect(page.body.contains("s3://bucket/models/model.bin"))
            #expect(page.body.contains("1.2 kB"))
            #expect(page.body.contains("/home/alice/demo/model.bin"))
            let links = page.links
            #expect(links.contains("/web/jobs/\(hash)/train001"), "the producing job")
            #expect(links.contains("/web/jobs/\(hash)/eval0001"), "a consuming job")
            #expect(links.contains("/web/dag/\(hash)"))
            #expect(links.contains("/web/dag/\(hash)/graph?focus=a.\(model)"))

            // By a prefix of another digest, and through the search box.
            #expect(try await client.get("/web/artifacts/\(TestDigest.label("sha-model").prefix(10))").body.contains(model))
            let search = try await client.get("/web/search?q=sha256%3A\(TestDigest.label("sha-model").prefix(16))")
            #expect(search.status == .seeOther)
            #expect(search.location == "/web/artifacts/\(model)")
            let lineageSearch = try await client.get("/web/search?q=\(hash.prefix(10))")
            #expect(lineageSearch.location == "/web/dag/\(hash)")
        }
    }

    @Test(arguments: StoreKind.available)
    func theJobPageShowsCommandGitEnvironmentPackagesAndEdges(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        let hash = server.seeded.pipeline
        try await server.run { client in
            let page = try await client.get("/web/jobs/\(hash)/train001")
            #expect(page.status == .ok)
            for text in [
                "python train.py data.csv", "e1750af3d9b6b41f384096e51557499b0d59a098", "worker-7", "CPython 3.11.7",
                "numpy", "2.0", "libssl3", "LR", "0.05", "/home/alice/demo/data.csv", "42 s",
            ] {
                #expect(page.body.contains(text), "the job page shows \(text)")
            }
            let links = page.links
            #expect(links.contains("/web/artifacts/\(TestDigest.label("data.csv"))"))
            #expect(links.contains("/web/jobs/\(hash)/prep0001"), "the producer of its input")
            #expect(links.contains("/web/jobs/\(hash)/eval0001"), "the reader of its output")
            #expect(links.contains("/web/dag/\(hash)/graph?focus=j.train001"))
        }
    }

    @Test(arguments: StoreKind.available)
    func hostileCommandsAndPathsAreShownEscaped(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        let hash = server.seeded.hostile
        let output = TestDigest.label("hostile-out")
        try await server.run { client in
            for path in ["/web/jobs/\(hash)/evil0001", "/web/dag/\(hash)", "/web/artifacts/\(output)", "/web/dag/\(hash)/graph?focus=j.evil0001"] {
                let page = try await client.get(path)
                #expect(page.status == .ok, "\(path)")
                for raw in ["<script>alert", "<img src=x", "<b>bold</b>", "</td><script>", "<repo>", "/\"quoted\""] {
                    #expect(!page.body.contains(raw), "\(path) contains raw \(raw)")
                }
                #expect(
                    page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || page.body.contains("&lt;b&gt;bold&lt;/b&gt;"),
                    "\(path) shows the text escaped")
            }
            let job = try await client.get("/web/jobs/\(hash)/evil0001")
            #expect(job.body.contains(HTML.escape(WebFixtures.hostileCommand)))
            #expect(job.body.contains(HTML.escape(WebFixtures.hostilePath)))

            let search = try await client.get("/web/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(search.status == .ok)
            #expect(!search.body.contains("<script>alert(1)"))
            #expect(search.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test(arguments: StoreKind.available)
    func unknownAndMalformedAddressesGetHTMLErrorPages(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        let seeded = server.seeded
        let unknown = String(repeating: "ab", count: 32)
        try await server.run { client in
            let cases: [(String, HTTPResponse.Status)] = [
                ("/web/dag/\(unknown)", .notFound),
                ("/web/dag/\(seeded.privateLineage)", .notFound),
                ("/web/dag/not-a-hash", .badRequest),
                ("/web/dag/1234", .badRequest),
                ("/web/dag/\(unknown)/graph", .notFound),
                ("/web/dag/\(seeded.pipeline)/graph?up=many", .badRequest),
                ("/web/dag/\(seeded.pipeline)/graph?down=-1", .badRequest),
                ("/web/dag/\(seeded.pipeline)/graph?focus=zz", .badRequest),
                ("/web/dag/\(seeded.pipeline)/graph?focus=a.\(unknown)", .notFound),
                ("/web/dag/\(seeded.pipeline)/graph?expand=%3Cx%3E", .badRequest),
                ("/web/artifacts/00000000deadbeef", .notFound),
                ("/web/artifacts/%3Cscript%3E", .badRequest),
                ("/web/artifacts/abc", .badRequest),
                ("/web/jobs/\(seeded.pipeline)/nosuchjob", .notFound),
                ("/web/jobs/\(seeded.pipeline)/bad%20uid", .badRequest),
                ("/web/jobs/\(seeded.privateLineage)/prep0001-secret", .notFound),
                ("/web/diff/\(seeded.pipeline)/\(unknown)", .notFound),
                ("/web/diff/\(seeded.pipeline)/xyz", .badRequest),
                ("/web/diff?a=\(seeded.pipeline)", .badRequest),
                ("/web/search?q=", .badRequest),
                ("/web/search", .badRequest),
                ("/web/no/such/page", .notFound),
            ]
            for (path, status) in cases {
                let page = try await client.get(path)
                #expect(page.status == status, "\(path) answers \(page.status), not \(status)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path) is an HTML page")
                #expect(page.body.contains("action=\"/web/search\""), "\(path) keeps the search box")
            }
            // The v1 API keeps its JSON errors.
            let api = try await client.get("/api/v1/no-such-endpoint")
            #expect(api.status == .notFound)
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test(arguments: StoreKind.available)
    func theDiffPageShowsWhatChangedJobByJob(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        let seeded = server.seeded
        try await server.run { client in
            let page = try await client.get("/web/diff/\(seeded.pipeline)/\(seeded.variant)")
            #expect(page.status == .ok)
            for text in ["variable LR", "0.05", "0.2", "package pip:numpy", "2.1", "output /home/alice/demo/model.bin"] {
                #expect(page.body.contains(text), "the diff shows \(text)")
            }
            #expect(page.body.contains("0 jobs are the same; 3 differ."))
            #expect(page.links.contains("/web/jobs/\(seeded.variant)/train001-v2"))
            #expect(page.links.contains("/web/diff/\(seeded.variant)/\(seeded.pipeline)"))
            let same = try await client.get("/web/diff/\(seeded.pipeline)/\(seeded.pipeline)")
            #expect(same.body.contains("3 jobs are the same; 0 differ."))
            let form = try await client.get("/web/diff?a=\(seeded.pipeline)&b=\(seeded.variant.prefix(12))")
            #expect(form.location == "/web/diff/\(seeded.pipeline)/\(seeded.variant.prefix(12))")
            let prefixed = try await client.get(form.location ?? "")
            #expect(prefixed.location == "/web/diff/\(seeded.pipeline)/\(seeded.variant)")
        }
    }

    @Test(arguments: StoreKind.available)
    func aLineageOfOverAThousandNodesDrawsFoldedAndOpensOnClick(kind: StoreKind) async throws {
        let server = try await WebTestServer(kind)
        let hash = server.seeded.big
        try await server.run { client in
            let page = try await client.get("/web/dag/\(hash)")
            #expect(page.status == .ok)
            #expect(page.body.contains("+400 artifacts"))
            #expect(page.body.contains("+400 jobs"))
            #expect(page.body.contains("merge parts"), "the walk goes on past the folded fan-out")
            #expect(page.body.contains("evaluate model.bin"))
            let boxes = page.body.components(separatedBy: "data-node=").count - 1
            #expect(boxes < 20, "the default view stays small: \(boxes) boxes")
            #expect(page.body.contains("show all 403 jobs"))

            let expand = try #require(page.links.first { $0.contains("/graph?expand=g") })
            let opened = try await client.get(expand)
            #expect(opened.status == .ok)
            let openedBoxes = opened.body.components(separatedBy: "data-node=").count - 1
            #expect(openedBoxes > boxes + 30, "opening a group shows its first members")
            #expect(opened.body.contains("shard-0000.csv") || opened.body.contains("proc0000") || opened.body.contains("part-0000.parquet"))
            #expect(opened.body.contains("+360"), "the rest stays folded")

            let focused = try await client.get("/web/dag/\(hash)/graph?focus=j.merge000&up=2&down=2")
            #expect(focused.status == .ok)
            #expect(focused.body.contains("+400 artifacts"))
            #expect(focused.body.contains("/web/dag/\(hash)/graph?focus=j.merge000&amp;up=4&amp;down=2"), "a ‹ marker widens the walk upstream")
        }
    }
}
