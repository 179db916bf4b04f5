import Foundation
import GLaaSServer
import LineageModel
import LineageStore
import TestSupport
import Testing

@testable import GLaaSWeb

/// The home and search pages in pages and time windows: every lineage and artifact reached once
/// by following the links, windows by RFC 3339, day and age, bad filters as 400 pages, private
/// lineages never listed to strangers, and many readers at once; on both stores.
@Suite(.everyStore, .timeLimit(.minutes(5))) struct WebPagingTests {
    /// Thirty public lineages an hour apart, the first 40.5 hours before now, and one private
    /// lineage among them.
    struct Registry {
        let application: GLaaSTestApplication
        let start: Date
        let hashes: [String]
        let privateHash: String

        init(_ kind: StoreKind) async throws {
            start = Date().addingTimeInterval(-40.5 * 3_600)
            let clock = ManualClock(start)
            let store = try await kind.make(clock: clock.storeClock)
            let owner = try await store.addUser(name: "carol", email: nil)
            var hashes: [String] = []
            var privateHash = ""
            for index in 0..<30 {
                let publication = LineagePublication(lineage: WebFixtures.pipeline(tag: "-p\(index)"), visibility: .public, ownerUserID: nil)
                hashes.append(try await store.publish(publication, closing: nil).receipt.lineageHash)
                if index == 10 {
                    let hidden = LineagePublication(
                        lineage: WebFixtures.pipeline(tag: "-hidden", repo: "https://git.example.com/secret.git"), visibility: .private,
                        ownerUserID: owner.id)
                    privateHash = try await store.publish(hidden, closing: nil).receipt.lineageHash
                }
                clock.advance(by: 3_600)
            }
            self.hashes = hashes
            self.privateHash = privateHash
            application = GLaaSTestApplication(store: store, configuration: GLaaSConfiguration(port: 0))
        }

        func run<T: Sendable>(_ body: @Sendable (WebTestServer.Client) async throws -> T) async throws -> T {
            try await application.routed { client in try await body(WebTestServer.Client(client: client)) }
        }
    }

    static func lineageLinks(_ page: WebTestServer.Page) -> [String] {
        page.links.filter { $0.hasPrefix("/web/dag/") }.map { String($0.dropFirst("/web/dag/".count)) }
    }

    static func rfc3339(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }

    @Test(arguments: StoreKind.available)
    func theHomePagesReachEveryLineageOnceNewestFirst(kind: StoreKind) async throws {
        let registry = try await Registry(kind)
        try await registry.run { client in
            var seen: [String] = []
            var address: String? = "/"
            var pages = 0
            while let next = address, pages < 5 {
                let page = try await client.get(next)
                #expect(page.status == .ok, "\(next)")
                seen += Self.lineageLinks(page)
                address = page.links.first { $0.contains("before=") }
                if pages > 0 { #expect(page.links.contains("/"), "a later page links back to the newest") }
                pages += 1
            }
            #expect(pages == 2)
            #expect(seen == registry.hashes.reversed(), "newest first, each once")
            #expect(!seen.contains(registry.privateHash))
        }
    }

    @Test(arguments: StoreKind.available)
    func timeWindowsByInstantDayAndAge(kind: StoreKind) async throws {
        let registry = try await Registry(kind)
        try await registry.run { client in
            // Lineages 20...29 are at or after start + 20 h.
            let since = try await client.get("/?since=\(Self.rfc3339(registry.start.addingTimeInterval(20 * 3_600)))")
            #expect(since.status == .ok)
            #expect(Self.lineageLinks(since) == Array(registry.hashes[20...].reversed()))
            #expect(since.body.contains("(10 of 10)"))
            // Before start + 5 h: lineages 0...4.
            let until = try await client.get("/?until=\(Self.rfc3339(registry.start.addingTimeInterval(5 * 3_600)))")
            #expect(Self.lineageLinks(until) == Array(registry.hashes[..<5].reversed()))
            // An age: the last day holds lineages 17...29 (at now - 23.5 h and later).
            let age = try await client.get("/?since=1d")
            #expect(Self.lineageLinks(age) == Array(registry.hashes[17...].reversed()))
            // A day as until includes the whole day.
            let day = Date().addingTimeInterval(86_400).formatted(Date.ISO8601FormatStyle().year().month().day())
            let wholeDay = try await client.get("/?since=1d&until=\(day)")
            #expect(Self.lineageLinks(wholeDay) == Array(registry.hashes[17...].reversed()))
            // The filter is repeated in the form and in the link to the next page.
            let paged = try await client.get("/?since=2d")
            #expect(paged.body.contains("value=\"2d\""))
            #expect(paged.links.contains { $0.hasPrefix("/?since=2d&before=") })
            // An empty window is a page that says so.
            let empty = try await client.get("/?until=\(Self.rfc3339(registry.start.addingTimeInterval(-60)))")
            #expect(empty.status == .ok)
            #expect(Self.lineageLinks(empty).isEmpty)
            #expect(empty.body.contains("No lineage you can see"))
        }
    }

    @Test(arguments: StoreKind.available)
    func badFiltersAre400PagesThatEchoNoMarkup(kind: StoreKind) async throws {
        let registry = try await Registry(kind)
        try await registry.run { client in
            for path in [
                "/?since=yesterday", "/?until=2026-13-01", "/?since=2d&until=3d", "/?before=abc", "/?before=0", "/?before=-5",
                "/?since=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/web/search?q=model&since=soon", "/web/search?q=model&after=x",
                "/?since=99999999999999999999d",
            ] {
                let page = try await client.get(path)
                #expect(page.status == .badRequest, "\(path)")
                #expect(!page.body.contains("<script>alert"), "\(path)")
            }
            // Search text that is markup stays text in the filter form's hidden field.
            let hostile = try await client.get("/web/search?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&since=2d")
            #expect(hostile.status == .ok)
            #expect(!hostile.body.contains("<script>x"))
        }
    }

    @Test(arguments: StoreKind.available)
    func searchPagesReachEveryArtifactOnceWithinTheWindow(kind: StoreKind) async throws {
        let registry = try await Registry(kind)
        try await registry.run { client in
            func artifacts(_ page: WebTestServer.Page) -> [String] { page.links.filter { $0.hasPrefix("/web/artifacts/") } }
            // raw.csv plus three artifacts of each of the 30 lineages: 91, on two pages.
            let first = try await client.get("/web/search?q=%2Fhome%2Falice%2Fdemo%2F")
            #expect(first.status == .ok)
            #expect(artifacts(first).count == 50)
            let next = try #require(first.links.first { $0.contains("after=") })
            let second = try await client.get(next)
            #expect(artifacts(second).count == 41)
            #expect(Set(artifacts(first)).isDisjoint(with: artifacts(second)))
            #expect(second.links.contains("/web/search?q=%2Fhome%2Falice%2Fdemo%2F"), "a later page links to the first")
            #expect(!second.links.contains { $0.contains("after=") })
            #expect(!(artifacts(first) + artifacts(second)).contains { $0.contains(TestDigest.label("model.bin-hidden")) })
            // Within a window: the artifacts first registered by lineages 25...29.
            let since = Self.rfc3339(registry.start.addingTimeInterval(25 * 3_600))
            let recent = try await client.get("/web/search?q=model.bin&since=\(since)")
            #expect(Set(artifacts(recent)) == Set((25..<30).map { "/web/artifacts/\(TestDigest.label("model.bin-p\($0)"))" }))
            // A digest prefix in a window that excludes it finds nothing rather than redirecting.
            let digest = TestDigest.label("model.bin-p3")
            let outside = try await client.get("/web/search?q=\(digest.prefix(16))&since=\(since)")
            #expect(outside.status == .ok)
            #expect(artifacts(outside).isEmpty)
            let inside = try await client.get("/web/search?q=\(digest.prefix(16))")
            #expect(inside.status == .seeOther)
        }
    }

    @Test(arguments: StoreKind.available)
    func manyReadersPageAtOnce(kind: StoreKind) async throws {
        let registry = try await Registry(kind)
        try await registry.run { client in
            try await withThrowingTaskGroup(of: [String].self) { group in
                for index in 0..<16 {
                    group.addTask {
                        let page = try await client.get(index % 2 == 0 ? "/?since=2d" : "/web/search?q=metrics.json&since=2d")
                        #expect(page.status == .ok)
                        return index % 2 == 0 ? Self.lineageLinks(page) : page.links.filter { $0.hasPrefix("/web/artifacts/") }
                    }
                }
                var answers: [Int: Set<[String]>] = [:]
                var index = 0
                for try await links in group {
                    answers[links.first?.hasPrefix("/web/artifacts/") == true ? 1 : 0, default: []].insert(links)
                    index += 1
                }
                #expect(index == 16)
                #expect(answers.values.allSatisfy { $0.count == 1 }, "every reader got the same page")
            }
        }
    }
}
