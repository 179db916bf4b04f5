import Foundation
import GLaaSServer
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Lineages private to a project (issue 14, items 4 and 6): members of the project's
/// organization publish, read and label them on every read route; a non-member, an anonymous
/// reader, a removed member and a revoked token get what a lineage that does not exist gets.
@Suite(.timeLimit(.minutes(5))) struct TeamVisibilityTests {
    struct Team {
        var alice: InMemoryEd25519Signer
        var bob: InMemoryEd25519Signer
        var carol: InMemoryEd25519Signer
        var bobUser: User
        var organization: Organization
        var project: Project
        var otherProject: Project

        var scope: JSONValue { Self.scope(owner: organization.id, project: project.id) }

        static func scope(owner: String, project: String, type: String = "organization", visibility: String? = "private") -> JSONValue {
            var fields: [String: JSONValue] = ["owner_id": .string(owner), "owner_type": .string(type), "project_id": .string(project)]
            if let visibility { fields["visibility"] = .string(visibility) }
            return .object(fields)
        }
    }

    /// acme (alice admin, bob member) with project demo; carol, a registered outsider, admin of
    /// rival with project secret.
    static func team(_ registry: TestRegistry) async throws -> Team {
        let (alice, bob, carol) = (InMemoryEd25519Signer(), InMemoryEd25519Signer(), InMemoryEd25519Signer())
        let aliceUser = try await registry.addUser("alice", signer: alice)
        let bobUser = try await registry.addUser("bob", signer: bob)
        let carolUser = try await registry.addUser("carol", signer: carol)
        let acme = try await registry.store.addOrganization(slug: "acme", displayName: "Acme Corp")
        let rival = try await registry.store.addOrganization(slug: "rival", displayName: "Rival")
        try await registry.store.setMember(organizationID: acme.id, userID: aliceUser.id, role: .admin)
        try await registry.store.setMember(organizationID: acme.id, userID: bobUser.id, role: .member)
        try await registry.store.setMember(organizationID: rival.id, userID: carolUser.id, role: .admin)
        let demo = Project(
            id: UUID().uuidString.lowercased(), organizationID: acme.id, slug: "demo", name: "Demo", description: nil, visibility: .private,
            createdAt: Date())
        let secret = Project(
            id: UUID().uuidString.lowercased(), organizationID: rival.id, slug: "secret", name: "Secret", description: nil, visibility: .private,
            createdAt: Date())
        try await registry.store.addProject(demo)
        try await registry.store.addProject(secret)
        return Team(alice: alice, bob: bob, carol: carol, bobUser: bobUser, organization: acme, project: demo, otherProject: secret)
    }

    @Test(arguments: StoreKind.available)
    func membersSeeAProjectLineageEverywhereAndNobodyElseDoes(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let team = try await Self.team(registry)
        var pipeline = SamplePipeline(tag: "-team")
        pipeline.gitRepo = "https://git.example.com/team-9c1d.git"
        let hidden = pipeline
        try await registry.run { client in
            let registration = try await hidden.register(client, signer: team.alice, scope: team.scope)
            let hash = try #require(registration.hash)
            let (v1, graph, model, data, job) = ("/api/v1", "/api/graph/v1", hidden.model, hidden.data, hidden.uid(2))
            let routes = [
                "\(v1)/artifacts/\(model)", "\(v1)/artifacts/\(model)/lineage", "\(v1)/sessions/\(hash)", "\(graph)/lineages/\(hash)",
                "\(graph)/artifacts/\(model)",
                "\(graph)/artifacts/\(data)/downstream", "\(graph)/jobs/\(hash)/\(job)", "/web/dag/\(hash)", "/web/artifacts/\(model)",
                "/web/jobs/\(hash)/\(job)",
            ]
            let markers = [hash, model, "team-9c1d"]
            func seen(_ route: String, _ auth: TestRegistry.Auth) async throws -> Bool {
                let reply = try await client.get(route, auth: auth)
                let text = reply.json.stringValue ?? CanonicalJSON.string(reply.json)
                return reply.status == .ok && markers.contains { text.contains($0) && !route.contains($0) || text.contains("team-9c1d") }
            }
            let (bobToken, _) = try await BearerSecret.issue(for: team.bobUser, name: "ci", days: 1, in: registry.store)
            for route in routes {
                for (name, auth) in [
                    ("alice", TestRegistry.Auth.ssh(team.alice)), ("bob", .ssh(team.bob)), ("bob's token", .header("Bearer \(bobToken)")),
                ] {
                    let reply = try await client.get(route, auth: auth)
                    #expect(
                        try await seen(route, auth),
                        "\(route) hidden from \(name), a member: \(reply.status) \(String(describing: reply.json).prefix(300))")
                }
                for (name, auth) in [("carol", TestRegistry.Auth.ssh(team.carol)), ("anonymous", .none)] {
                    let reply = try await client.get(route, auth: auth)
                    let text = reply.json.stringValue ?? CanonicalJSON.string(reply.json)
                    #expect(
                        [.notFound, .unauthorized].contains(reply.status) || (reply.status == .ok && !text.contains("team-9c1d")),
                        "\(route) for \(name): \(reply.status)")
                    #expect(!text.contains("team-9c1d"), "\(route) shows the project lineage to \(name)")
                }
            }
            // Members list it among theirs; the outsider does not.
            #expect(try await registry.store.recentLineages(visibleTo: .user(id: team.bobUser.id), limit: 10).lineages.map(\.hash) == [hash])

            // Members label it; the outsider cannot, nor name the project as scope.
            func label(_ auth: TestRegistry.Auth, scope: JSONValue? = nil, stage: String = "dev") async throws -> TestRegistry.Reply {
                var body: [String: JSONValue] = [
                    "session_hash": .string(hash), "mode": "sync_user_labels",
                    "labels": [["entity_type": "dag", "metadata": ["stage": .string(stage)]]],
                ]
                if let scope { body["scope"] = scope }
                return try await client.send(.post, "/api/v1/labels/reconcile", json: .object(body), auth: auth)
            }
            #expect(try await label(.ssh(team.bob)).status == .ok)
            let labels = "\(v1)/labels/current?entity_type=dag&session_hash=\(hash)"
            #expect(try await client.get(labels, auth: .ssh(team.bob)).data["metadata"]?["stage"] == "dev")
            #expect(try await client.get(labels, auth: .ssh(team.bob)).data["canEdit"] == true)
            #expect(try await client.get(labels, auth: .ssh(team.carol)).status == .notFound)
            #expect([.forbidden, .notFound].contains(try await label(.ssh(team.carol)).status))
            #expect(try await label(.ssh(team.carol), scope: team.scope).status == .forbidden)

            // A revoked token and a removed member lose access at once.
            _ = try await registry.store.revokeTokens(named: "ci", ofUser: team.bobUser.id)
            #expect(try await client.get("\(graph)/lineages/\(hash)", auth: .header("Bearer \(bobToken)")).status == .unauthorized)
            #expect(try await registry.store.removeMember(organizationID: team.organization.id, userID: team.bobUser.id))
            for route in routes { #expect(try await !seen(route, .ssh(team.bob)), "\(route) still shown to bob after his removal") }
            let afterRemoval = try await label(.ssh(team.bob), stage: "prod")
            #expect([.forbidden, .notFound].contains(afterRemoval.status), "\(afterRemoval.status) \(afterRemoval.json)")
            #expect(try await client.get(labels, auth: .ssh(team.bob)).status == .notFound)
        }
    }

    @Test(arguments: StoreKind.available)
    func onlyMembersPublishIntoAProject(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let team = try await Self.team(registry)
        try await registry.run { client in
            // A member publishes; the project's default visibility applies when none is asked.
            let (org, demo) = (team.organization.id, team.project.id)
            let byBob = try await SamplePipeline(tag: "-bob").register(
                client, signer: team.bob, scope: Team.scope(owner: org, project: demo, visibility: nil))
            #expect(byBob.finalize.data["visibility"] == "private", "\(byBob.finalize.json)")
            // The outsider, a mismatched owner, an unknown project (one answer), a user-owned project, anonymous.
            let outsider = try await SamplePipeline(tag: "-carol").register(client, signer: team.carol, scope: team.scope)
            #expect(outsider.finalize.status == .forbidden)
            let crossed = try await SamplePipeline(tag: "-cross").register(
                client, signer: team.alice, scope: Team.scope(owner: org, project: team.otherProject.id))
            #expect(crossed.finalize.status == .forbidden)
            let missing = try await SamplePipeline(tag: "-missing").register(
                client, signer: team.alice, scope: Team.scope(owner: org, project: "00000000-0000-4000-8000-000000000000"))
            #expect(missing.finalize.status == .forbidden && missing.finalize.message?.contains("00000000") == true)
            let userOwned = try await SamplePipeline(tag: "-user").register(
                client, signer: team.alice, scope: Team.scope(owner: org, project: demo, type: "user"))
            #expect(userOwned.finalize.status == .badRequest)
            let anonymous = try await SamplePipeline(tag: "-anon").register(client, as: nil, scope: team.scope)
            #expect(anonymous.finalize.status == .badRequest || anonymous.finalize.status == .unauthorized)
        }
    }
}
