import Foundation
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageExport
import LineageModel
import LineageStore
import TestSupport
import Testing

/// A lineage exported for whoever can see it (issue 15, item 7, first part): the query API's
/// `lineages/{hash}/export` and the lineage page's download links answer the formats of
/// `glaas export`, with only the publications the reader may see; a reader who cannot see the
/// lineage gets what a lineage that does not exist gets. On both stores, many at once.
@Suite(.timeLimit(.minutes(5))) struct LineageDownloadTests {
    struct Download: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var bytes: [UInt8]
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    static func download(_ client: any TestClientProtocol, _ path: String, auth: TestRegistry.Auth = .none) async throws -> Download {
        var headers = HTTPFields()
        if let value = try auth.header(method: .get, path: path, body: nil) { headers[.authorization] = value }
        return try await client.execute(uri: path, method: .get, headers: headers, body: nil) { response in
            Download(status: response.status, headers: response.headers, bytes: Array(buffer: response.body))
        }
    }

    @Test(arguments: StoreKind.available)
    func aReaderDownloadsWhatItCanSeeInEveryFormat(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let (alice, bob) = (InMemoryEd25519Signer(), InMemoryEd25519Signer())
        let aliceUser = try await registry.addUser("alice", signer: alice)
        _ = try await registry.addUser("bob", signer: bob)
        let pipeline = SamplePipeline(tag: "-download")
        let privately: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
        let publicly: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "public"]
        let secret = SamplePipeline(tag: "-download-secret")
        let (hash, hidden) = try await registry.run { client in
            let hash = try #require(try await pipeline.register(client, signer: alice, scope: privately).hash)
            // Made public later: two publications, the first of which only alice may see.
            #expect(try await pipeline.register(client, signer: alice, scope: publicly).hash == hash)
            return (hash, try #require(try await secret.register(client, signer: alice, scope: privately).hash))
        }
        let stored = try #require(try await registry.store.lineageRecord(hash: hash))
        #expect(stored.publications.map(\.visibility) == [.private, .public])
        try await registry.application.routed { client in
            let path = "/api/graph/v1/lineages/\(hash)/export"
            // The owner's file is `glaas export --lineage`'s, byte for byte, and imports back.
            let owners = try await Self.download(client, path, auth: .ssh(alice))
            #expect(owners.status == .ok && owners.headers[.contentDisposition]?.contains("attachment") == true)
            let exported = ExportBuffer()
            try await GraphExporter.export(from: registry.store, lineageHash: hash, to: exported)
            #expect(owners.bytes == exported.bytes)
            let fresh = try await kind.make()
            let document = try JSONParser.parse(owners.bytes)
            let record = try GraphDecoding.record(try #require(document["lineages"]?[0]))
            #expect(try await fresh.importLineage(record) == .created)

            // Anyone else: only the public publication, nothing of alice's private one.
            for auth in [TestRegistry.Auth.none, .ssh(bob)] {
                let theirs = try await Self.download(client, path, auth: auth)
                let publications = try JSONParser.parse(theirs.bytes)["lineages"]?[0]?["publications"]?.arrayValue
                #expect(theirs.status == .ok && publications?.count == 1 && publications?.first?["visibility"] == "public", "\(theirs.text)")
            }
            // A lineage the reader cannot see answers as one that does not exist.
            let missing = String(repeating: "ab", count: 32)
            for auth in [TestRegistry.Auth.none, .ssh(bob)] {
                let refused = try await Self.download(client, "/api/graph/v1/lineages/\(hidden)/export", auth: auth)
                let nothing = try await Self.download(client, "/api/graph/v1/lineages/\(missing)/export", auth: auth)
                #expect(refused.status == .notFound && refused.text.replacingOccurrences(of: hidden, with: missing) == nothing.text)
            }
            #expect(try await Self.download(client, "/api/graph/v1/lineages/\(hidden)/export", auth: .ssh(alice)).status == .ok)

            // The other formats.
            let prov = try await Self.download(client, path + "?format=prov", auth: .ssh(alice))
            let provDocument = try JSONParser.parse(prov.bytes)
            #expect(prov.status == .ok && provDocument["bundle"]?.objectValue?.count == 1)
            let events = try await Self.download(client, path + "?format=openlineage")
            let lines = events.text.split(separator: "\n")
            #expect(events.status == .ok && events.headers[.contentType] == "application/x-ndjson" && !lines.isEmpty)
            let parsed = try lines.map { try JSONParser.parse(String($0)) }
            #expect(parsed.allSatisfy { $0["eventType"] != nil })
            for bad in [path + "?format=csv", path + "?format=prov&x=1", "/api/graph/v1/lineages/abc/export"] {
                #expect(try await Self.download(client, bad).status == .badRequest, "\(bad)")
            }

            // The lineage page links its downloads; they answer like the API, as pages when wrong.
            let page = try await Self.download(client, "/web/dag/\(hash)")
            #expect(page.text.contains("/web/dag/\(hash)/export?format=prov"))
            let web = try await Self.download(client, "/web/dag/\(hash)/export?format=glaas-graph", auth: .ssh(bob))
            #expect(web.status == .ok && web.bytes.count > 0)
            let webMissing = try await Self.download(client, "/web/dag/\(hidden)/export")
            #expect(webMissing.status == .notFound && webMissing.text.contains("<html"))

            // Many readers at once.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        let format = ["glaas-graph", "prov", "openlineage"][index % 3]
                        return try await Self.download(client, path + "?format=\(format)", auth: index % 2 == 0 ? .ssh(alice) : .none).status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        }
        _ = aliceUser
    }

    @Test(arguments: StoreKind.available)
    func everyVisibleLineageStreamsAsOneFileThatImports(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let (alice, carol) = (InMemoryEd25519Signer(), InMemoryEd25519Signer())
        _ = try await registry.addUser("alice", signer: alice)
        _ = try await registry.addUser("carol", signer: carol)
        let privately: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
        let (open, mine, hers) = try await registry.run { client in
            (
                try #require(try await SamplePipeline(tag: "-all-open").register(client).hash),
                try #require(try await SamplePipeline(tag: "-all-alice").register(client, signer: alice, scope: privately).hash),
                try #require(try await SamplePipeline(tag: "-all-carol").register(client, signer: carol, scope: privately).hash)
            )
        }
        try await registry.application.routed { client in
            for (auth, expected) in [(TestRegistry.Auth.none, [open]), (.ssh(alice), [open, mine].sorted()), (.ssh(carol), [open, hers].sorted())] {
                let file = try await Self.download(client, "/api/graph/v1/export", auth: auth)
                #expect(file.status == .ok && file.headers[.contentDisposition]?.contains("glaas-export.glaas.json") == true)
                let document = try JSONParser.parse(file.bytes)
                try GraphDecoding.checkHeader(document)
                let records = try (document["lineages"]?.arrayValue ?? []).map(GraphDecoding.record)
                #expect(records.map(\.hash) == expected, "\(file.text.prefix(200))")
                // What a team takes away imports into an empty registry as it was.
                let fresh = try await kind.make()
                for record in records { #expect(try await fresh.importLineage(record) == .created) }
                #expect(try await fresh.lineageHashes(after: nil, limit: 10) == expected)
            }
            let prov = try await Self.download(client, "/api/graph/v1/export?format=prov", auth: .ssh(alice))
            let provDocument = try JSONParser.parse(prov.bytes)
            #expect(provDocument["bundle"]?.objectValue?.count == 2)
            let events = try await Self.download(client, "/api/graph/v1/export?format=openlineage", auth: .ssh(carol))
            #expect(events.status == .ok && !events.text.contains(mine) && events.text.contains(hers))
            #expect(try await Self.download(client, "/api/graph/v1/export?format=xml").status == .badRequest)
        }
    }
}
