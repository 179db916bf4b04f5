import Foundation
import LineageModel
import TestSupport
import Testing

/// A private lineage stays private on every read route: v1, the graph API, the web pages and
/// `/metrics`, asked by an anonymous reader and by another signed user, by hash, by digest, by
/// prefix, by search and through walks from public records. Its owner sees it (the control that
/// makes the sweep able to fail). Part of issue 13's adversary suite; the case of a digest shared
/// with a public lineage waits for facts per lineage (issue 13 item 1).
@Suite(.timeLimit(.minutes(5))) struct PrivateRecordSweepTests {
    @Test(arguments: StoreKind.available)
    func noReadRouteShowsAPrivateLineageToOthers(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let owner = try await registry.addUser("alice", signer: alice)
        let bob = InMemoryEd25519Signer()
        _ = try await registry.addUser("bob", signer: bob)
        var secret = SamplePipeline(tag: "-sweep-private")
        secret.gitRepo = "https://git.example.com/secret-7f3a.git"
        let hidden = secret
        let open = SamplePipeline(tag: "-sweep-public")
        try await registry.run { client in
            let publicHash = try #require(try await open.register(client).hash)
            let scope: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
            let privateHash = try #require(try await hidden.register(client, signer: alice, scope: scope).hash)
            let markers = [
                privateHash, hidden.data, hidden.model, hidden.metrics, hidden.uid(1), hidden.uid(2), hidden.uid(3), "secret-7f3a",
                owner.creatorIdentity,
            ]
            // Routes that name the private records, each asked again with made-up identifiers of
            // the same shapes: the two answers must be the same (a private record answers as
            // nothing does), apart from the identifiers the request itself carried.
            let ghost = [
                privateHash: TestDigest.label("ghost-lineage"), hidden.data: TestDigest.label("ghost-data"),
                hidden.model: TestDigest.label("ghost-model"), hidden.uid(2): String(TestDigest.label("ghost-job").prefix(32)),
            ]
            let (v1, graph, model, data, job) = ("/api/v1", "/api/graph/v1", hidden.model, hidden.data, hidden.uid(2))
            let naming = [
                "\(v1)/public/artifacts/\(model)", "\(v1)/artifacts/\(model)", "\(v1)/artifacts/\(model)/dag", "\(v1)/artifacts/\(model)/lineage",
                "\(v1)/artifacts/\(model)/components", "\(v1)/sessions/\(privateHash)", "\(v1)/public/sessions/\(privateHash)/reproduction",
                "\(v1)/jobs/\(privateHash)/\(job)", "\(v1)/labels/current?entity_type=artifact&artifact_hash=\(model)",
                "\(v1)/labels/history?entity_type=dag&session_hash=\(privateHash)", "\(graph)/artifacts/\(model)",
                "\(graph)/artifacts/\(model)/upstream", "\(graph)/artifacts/\(data)/downstream", "\(graph)/artifacts/\(data)/terminal-descendants",
                "\(graph)/lineages/\(privateHash)", "\(graph)/lineages/\(publicHash)/diff/\(privateHash)", "\(graph)/jobs/\(privateHash)/\(job)",
                "\(graph)/jobs/\(privateHash)/\(job)/upstream", "/web/dag/\(privateHash)", "/web/dag/\(privateHash)/graph", "/web/artifacts/\(model)",
                "/web/jobs/\(privateHash)/\(job)", "/web/diff/\(publicHash)/\(privateHash)",
            ]
            // Routes that name nothing private: their answers must not mention it at all.
            let searching = [
                "\(v1)/public/artifacts/\(model.prefix(12))", "\(v1)/sessions?limit=1000", "\(v1)/jobs", "\(graph)/artifacts?path=demo",
                "\(graph)/artifacts?digest_prefix=\(model.prefix(12))", "\(graph)/artifacts", "\(graph)/artifacts/\(open.data)/downstream",
                "\(graph)/jobs?command=train", "\(graph)/jobs", "/", "/web", "/web/search?q=demo", "/web/search?q=\(model.prefix(12))",
                "/web/search?q=\(privateHash.prefix(12))", "/metrics",
            ]
            // The control: its owner reads it, by hash and by digest.
            for (route, shown) in [
                ("\(graph)/lineages/\(privateHash)", hidden.metrics), ("\(v1)/artifacts/\(model)", privateHash),
                ("/web/dag/\(privateHash)", hidden.metrics),
                ("\(graph)/artifacts/\(data)/terminal-descendants", hidden.metrics),
            ] {
                let reply = try await client.get(route, auth: .ssh(alice))
                #expect(reply.status == .ok && Self.text(reply).contains(shown), "\(route) for its owner: \(reply.status)")
            }
            // A digest prefix that finds one artifact redirects to it (a Location the sweep cannot read):
            // its owner is redirected, others are not.
            let prefixSearch = "/web/search?q=\(model.prefix(12))"
            #expect(try await client.get(prefixSearch, auth: .ssh(alice)).status == .seeOther)
            for (name, reader) in [("anonymous", TestRegistry.Auth.none), ("bob", .ssh(bob))] {
                #expect(try await client.get(prefixSearch, auth: reader).status == .ok, "\(prefixSearch) for \(name)")
                for route in naming {
                    var made = route
                    for (real, fake) in ghost { made = made.replacingOccurrences(of: real, with: fake) }
                    let real = try await client.get(route, auth: reader)
                    let fake = try await client.get(made, auth: reader)
                    var fakeText = Self.text(fake)
                    for (real, fake) in ghost { fakeText = fakeText.replacingOccurrences(of: fake, with: real) }
                    #expect(real.status == fake.status, "\(route) for \(name): \(real.status), as nothing: \(fake.status)")
                    #expect(Self.text(real) == fakeText, "\(route) for \(name) answers unlike a record that does not exist")
                }
                for route in searching {
                    let reply = try await client.get(route, auth: reader)
                    #expect(reply.status.code < 500, "\(route) for \(name): \(reply.status)")
                    let text = Self.text(reply)
                    for marker in markers where text.contains(marker) {
                        Issue.record("\(route) shows \(marker) of the private lineage to \(name)")
                    }
                }
            }
        }
    }

    static func text(_ reply: TestRegistry.Reply) -> String {
        reply.json.stringValue ?? CanonicalJSON.string(reply.json)
    }
}
