import Foundation
import GLaaSServer
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Organization admins manage members and projects over HTTP (issue 14, item 4): admins add,
/// promote and remove members and create projects; members read; a non-member is told the
/// organization does not exist; the last admin stays. On both stores, with many clients at once.
@Suite(.timeLimit(.minutes(5))) struct TeamAPITests {
    @Test(arguments: StoreKind.available)
    func adminsManageMembersAndProjectsAndNobodyElseDoes(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let (alice, bob, carol) = (InMemoryEd25519Signer(), InMemoryEd25519Signer(), InMemoryEd25519Signer())
        let aliceUser = try await registry.addUser("alice", signer: alice)
        let bobUser = try await registry.addUser("bob", signer: bob)
        _ = try await registry.addUser("carol", signer: carol)
        let acme = try await registry.store.addOrganization(slug: "acme", displayName: "Acme Corp")
        try await registry.store.setMember(organizationID: acme.id, userID: aliceUser.id, role: .admin)
        try await registry.run { client in
            let members = "/api/v1/orgs/acme/members"
            #expect(try await client.send(.post, members, json: ["username": "bob"]).status == .unauthorized)
            #expect(try await client.send(.post, members, json: ["username": "bob"], auth: .ssh(carol)).status == .notFound)
            #expect(try await client.send(.post, members, json: ["username": "bob", "role": "owner"], auth: .ssh(alice)).status == .badRequest)
            #expect(try await client.send(.post, members, json: ["username": "nobody"], auth: .ssh(alice)).status == .notFound)
            let added = try await client.send(.post, members, json: ["username": "bob"], auth: .ssh(alice))
            #expect(added.status == .ok && added.data["role"] == "member")
            #expect(try await registry.store.role(ofUser: bobUser.id, in: acme.id) == .member)

            // A member reads the organization but manages nothing.
            let shown = try await client.get("/api/v1/orgs/acme", auth: .ssh(bob))
            #expect(shown.status == .ok && shown.data["members"]?.arrayValue?.count == 2 && shown.data["role"] == "member")
            #expect(try await client.send(.post, members, json: ["username": "carol"], auth: .ssh(bob)).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/orgs/acme/projects", json: ["slug": "x"], auth: .ssh(bob)).status == .forbidden)
            #expect(try await client.get("/api/v1/orgs/acme", auth: .ssh(carol)).status == .notFound)
            #expect(try await client.get("/api/v1/orgs/nope", auth: .ssh(carol)).status == .notFound)
            #expect(try await client.get("/api/v1/orgs", auth: .ssh(bob)).data["organizations"]?[0]?["name"] == "acme")

            // Projects: created by admins, named once, with a valid slug.
            let project = try await client.send(
                .post, "/api/v1/orgs/acme/projects", json: ["slug": "demo", "description": "team work"], auth: .ssh(alice))
            #expect(project.status == .created && project.data["visibility"] == "private")
            #expect(
                try await client.send(.post, "/api/v1/orgs/acme/projects", json: ["slug": "demo", "name": "again"], auth: .ssh(alice)).status
                    == .conflict)
            #expect(try await client.send(.post, "/api/v1/orgs/acme/projects", json: ["slug": "../Demo"], auth: .ssh(alice)).status == .badRequest)
            #expect(try await registry.store.projects(ofOrganization: acme.id).map(\.slug) == ["demo"])

            // The last admin stays; with a second admin, the first may go.
            let lastAdmin = try await client.send(.delete, "\(members)/alice", auth: .ssh(alice))
            #expect(lastAdmin.status == .conflict, "\(lastAdmin.json)")
            #expect(try await client.send(.post, members, json: ["username": "bob", "role": "admin"], auth: .ssh(alice)).status == .ok)
            #expect(try await client.send(.delete, "\(members)/carol", auth: .ssh(alice)).status == .notFound)
            #expect(try await client.send(.delete, "\(members)/alice", auth: .ssh(bob)).status == .ok)
            #expect(try await client.get("/api/v1/orgs/acme", auth: .ssh(alice)).status == .notFound)

            // Many members reading at once.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await client.get(index % 2 == 0 ? "/api/v1/orgs/acme" : "/api/v1/auth/access-context", auth: .ssh(bob)).status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        }
    }
}
