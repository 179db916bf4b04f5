import AsyncHTTPClient
import Foundation
import LineageModel
import TestSupport
import Testing

/// `glaas orgs`, `glaas projects` and `glaas users list` against a running `--no-anonymous`
/// server: what they print (human and `--json`), that membership changes reach the running
/// server at once, that a device login needs no signature to start, and that bad input is one
/// line and a non-zero exit.
@Suite(.enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason), .serialized, .timeLimit(.minutes(3)))
struct TeamCommandTests {
    static func glaas(_ arguments: [String], _ server: GlaasProcess) async throws -> ChildProcess.Result {
        try await GlaasCommand.run(arguments + ["--database", server.database])
    }

    @Test func organizationsProjectsAndMembersAreManagedWhileTheServerRuns() async throws {
        let bob = try SSHKeygenSigner(type: "ed25519")
        try await GlaasProcess.with(arguments: ["--no-anonymous", "--login-poll-interval", "1"]) { server in
            try await GlaasCommand.addUser("bob", publicKeyFile: bob.privateKeyPath + ".pub", database: server.database)
            let created = try await Self.glaas(["orgs", "create", "acme", "--display-name", "Acme Corp", "--json"], server)
            let createdJSON = try JSONParser.parse(created.stdout)
            #expect(created.status == 0 && createdJSON["name"] == "acme", "\(created.stderr)")
            let added = try await Self.glaas(["orgs", "add-member", "acme", "bob", "--role", "admin", "--json"], server)
            let addedJSON = try JSONParser.parse(added.stdout)
            #expect(addedJSON["role"] == "admin", "\(added.stderr)")
            let project = try await Self.glaas(["projects", "create", "acme/demo", "--description", "team work", "--json"], server)
            let projectID = try #require(try JSONParser.parse(project.stdout)["id"]?.stringValue, "\(project.stderr)")
            let listed = try JSONParser.parse(try await Self.glaas(["projects", "list", "--json"], server).stdout)
            #expect(listed[0]?["id"] == .string(projectID))
            let human = try await Self.glaas(["projects", "list"], server)
            #expect(human.stdout.contains("acme/demo") && human.stdout.contains("private") && human.stdout.contains("team work"))
            let members = try await Self.glaas(["orgs", "members", "acme"], server)
            #expect(members.stdout.contains("bob") && members.stdout.contains("admin"))
            #expect((try await Self.glaas(["orgs", "list"], server)).stdout.contains("1 members"))
            #expect((try await Self.glaas(["users", "list", "--json"], server)).stdout.contains("\"bob\""))

            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let client = RoundRobinClient(http: http, servers: [server.url])
                // A device login starts and polls without a signature, even here.
                let started = try await client.send(.post, "/api/v1/auth/device/start", json: ["client_name": "ci"])
                #expect(started.status == .ok, "\(started.json)")
                let code = try #require(started.data["user_code"]?.stringValue)
                let approved = try await client.send(.post, "/api/v1/auth/device/approve", json: ["user_code": .string(code)], auth: .ssh(bob))
                #expect(approved.status == .ok, "\(approved.json)")
                let tokens = try await client.send(
                    .post, "/api/v1/auth/device/token",
                    json: ["grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": started.data["device_code"]!])
                let access = try #require(tokens.data["access_token"]?.stringValue, "\(tokens.json)")
                let bearer = TestRegistry.Auth.header("Bearer \(access)")
                let context = try await client.get("/api/v1/auth/access-context", auth: bearer)
                let acmeID = context.data["owners"]?[1]?["id"]?.stringValue ?? ""
                #expect(context.data["owners"]?.arrayValue?.count == 2 && context.data["projects_by_owner"]?[acmeID]?[0]?["id"] == .string(projectID))
                // The login shows among bob's tokens, and removing him from acme reaches the server at once.
                #expect((try await Self.glaas(["tokens", "list", "bob"], server)).stdout.contains("login:ci:"))
                #expect((try await Self.glaas(["orgs", "remove-member", "acme", "bob"], server)).status == 0)
                #expect(try await client.get("/api/v1/auth/access-context", auth: bearer).data["owners"]?.arrayValue?.count == 1)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()

            for bad in [
                ["orgs", "create", "acme"], ["orgs", "create", "bob"], ["orgs", "create", "Has Space"], ["orgs", "add-member", "nope", "bob"],
                ["orgs", "add-member", "acme", "nobody"], ["orgs", "add-member", "acme", "bob", "--role", "owner"],
                ["orgs", "remove-member", "acme", "bob"], ["projects", "create", "acme/demo"], ["projects", "create", "nope/x"],
                ["projects", "create", "acme"], ["projects", "create", "acme/x", "--visibility", "secret"],
            ] {
                let result = try await Self.glaas(bad, server)
                #expect(result.status != 0, "\(bad)")
                #expect(result.stderr.split(separator: "\n").first?.hasPrefix("Error: ") == true, "\(bad): \(result.stderr)")
            }
        }
    }
}
