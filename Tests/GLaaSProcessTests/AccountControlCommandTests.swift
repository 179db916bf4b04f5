import AsyncHTTPClient
import Foundation
import LineageModel
import TestSupport
import Testing

/// An operator revokes access from the command line while the server runs, with immediate
/// effect: `glaas users remove-key`, `disable` and `enable`; and `glaas serve --no-anonymous`
/// answers only signed requests (health excepted).
@Suite(.enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason), .serialized, .timeLimit(.minutes(3)))
struct AccountControlCommandTests {
    @Test func keysAndAccountsAreRevokedAtOnce() async throws {
        let first = try SSHKeygenSigner(type: "ed25519")
        let second = try SSHKeygenSigner(type: "ed25519")
        try await GlaasProcess.with { server in
            for signer in [first, second] {
                try await GlaasCommand.addUser("alice", publicKeyFile: signer.privateKeyPath + ".pub", database: server.database)
            }
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let client = RoundRobinClient(http: http, servers: [server.url])
                #expect(try await client.get("/api/v1/auth/me", auth: .ssh(first)).status == .ok)
                let removed = try await GlaasCommand.run(["users", "remove-key", "alice", first.fingerprint, "--json", "--database", server.database])
                #expect(removed.status == 0, "\(removed.stderr)")
                #expect(try JSONParser.parse(removed.stdout)["keys_left"] == 1)
                #expect(try await client.get("/api/v1/auth/me", auth: .ssh(first)).status == .unauthorized)
                #expect(try await client.get("/api/v1/auth/me", auth: .ssh(second)).status == .ok)
                // A key that is not alice's: one line, non-zero, nothing removed.
                let again = try await GlaasCommand.run(["users", "remove-key", "alice", first.fingerprint, "--database", server.database])
                #expect(again.status != 0)
                #expect(again.stderr.split(separator: "\n").count == 1, "\(again.stderr)")

                let disabled = try await GlaasCommand.run(["users", "disable", "alice", "--json", "--database", server.database])
                #expect(try JSONParser.parse(disabled.stdout)["disabled"] == true)
                let refused = try await client.get("/api/v1/auth/me", auth: .ssh(second))
                #expect(refused.status == .unauthorized)
                #expect(refused.message?.contains("disabled") == true)
                let listed = try await GlaasCommand.run(["users", "list", "--json", "--database", server.database])
                #expect(try JSONParser.parse(listed.stdout)[0]?["disabled"] == true)
                #expect(try await GlaasCommand.run(["users", "enable", "alice", "--database", server.database]).status == 0)
                #expect(try await client.get("/api/v1/auth/me", auth: .ssh(second)).status == .ok)
                #expect(try await GlaasCommand.run(["users", "disable", "nobody", "--database", server.database]).status != 0)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    @Test func aServerWithoutAnonymousAccessAnswersOnlySignedRequests() async throws {
        let alice = try SSHKeygenSigner(type: "ed25519")
        try await GlaasProcess.with(arguments: ["--no-anonymous"]) { server in
            try await GlaasCommand.addUser("alice", publicKeyFile: alice.privateKeyPath + ".pub", database: server.database)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let client = RoundRobinClient(http: http, servers: [server.url])
                #expect(try await client.get("/api/v1/health").status == .ok)
                for path in ["/api/v1/sessions?limit=1", "/api/graph/v1/artifacts?path=x", "/", "/api/v1/public/artifacts/0123456789abcdef"] {
                    let reply = try await client.get(path)
                    #expect(reply.status == .unauthorized, "\(path)")
                }
                let anonymous = try await client.send(.post, "/api/v1/registration-sessions", json: ["mode": "anonymous_public"])
                #expect(anonymous.status == .unauthorized)
                #expect(try await client.get("/api/v1/sessions?limit=1", auth: .ssh(alice)).status == .ok)
                #expect(try await client.send(.post, "/api/v1/registration-sessions", auth: .ssh(alice)).status == .created)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }
}
