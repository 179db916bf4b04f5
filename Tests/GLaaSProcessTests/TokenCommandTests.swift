import AsyncHTTPClient
import Foundation
import LineageModel
import TestSupport
import Testing

/// `glaas tokens create|list|revoke` against a running server: the printed token works at
/// once, listing never shows a secret, revoking takes effect on the next request, and bad input
/// is one line and a non-zero exit.
@Suite(.enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason), .serialized, .timeLimit(.minutes(3)))
struct TokenCommandTests {
    @Test func anIssuedTokenWorksUntilRevoked() async throws {
        let alice = try SSHKeygenSigner(type: "ed25519")
        try await GlaasProcess.with(arguments: ["--no-anonymous"]) { server in
            try await GlaasCommand.addUser("alice", publicKeyFile: alice.privateKeyPath + ".pub", database: server.database)
            let created = try await GlaasCommand.run(
                ["tokens", "create", "alice", "--name", "ci-nightly", "--expires-days", "30", "--json", "--database", server.database])
            #expect(created.status == 0, "\(created.stderr)")
            let issued = try JSONParser.parse(created.stdout)
            let secret = try #require(issued["token"]?.stringValue)
            #expect(issued["expires_at"] != .null && issued["name"] == "ci-nightly")
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let client = RoundRobinClient(http: http, servers: [server.url])
                let bearer = TestRegistry.Auth.header("Bearer \(secret)")
                let context = try await client.get("/api/v1/auth/access-context", auth: bearer)
                #expect(context.status == .ok && context.data["user"]?["username"] == "alice", "\(context.json)")
                #expect(try await client.get("/api/v1/sessions?limit=1", auth: bearer).status == .ok)

                let listed = try await GlaasCommand.run(["tokens", "list", "alice", "--json", "--database", server.database])
                #expect(listed.status == 0 && !listed.stdout.contains(secret))
                #expect(try JSONParser.parse(listed.stdout)[0]?["revoked_at"] == .null)
                let human = try await GlaasCommand.run(["tokens", "list", "alice", "--database", server.database])
                #expect(human.stdout.contains("ci-nightly") && human.stdout.contains("live"))

                let duplicate = try await GlaasCommand.run(["tokens", "create", "alice", "--name", "ci-nightly", "--database", server.database])
                #expect(duplicate.status != 0 && duplicate.stderr.split(separator: "\n").count == 1, "\(duplicate.stderr)")
                let revoked = try await GlaasCommand.run(["tokens", "revoke", "alice", "ci-nightly", "--json", "--database", server.database])
                #expect(try JSONParser.parse(revoked.stdout)["revoked"] == 1)
                #expect(try await client.get("/api/v1/sessions?limit=1", auth: bearer).status == .unauthorized)

                for bad in [
                    ["tokens", "create", "nobody", "--name", "x"], ["tokens", "create", "alice", "--name", "has space"],
                    ["tokens", "create", "alice", "--name", "x", "--expires-days", "0"], ["tokens", "revoke", "alice", "ci-nightly"],
                ] {
                    let result = try await GlaasCommand.run(bad + ["--database", server.database])
                    #expect(result.status != 0, "\(bad)")
                    #expect(result.stderr.split(separator: "\n").first?.hasPrefix("Error: ") == true, "\(bad): \(result.stderr)")
                }
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }
}
