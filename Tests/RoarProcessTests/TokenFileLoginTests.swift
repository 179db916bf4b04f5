import Foundation
import LineageModel
import TestSupport
import Testing

/// Our roar signs in with a token an operator issued (`roar login --token-file`): whoami names
/// the user, register publishes as the user in the private scope, show and lineage read the
/// private lineage with the token while a machine without it cannot, and logout forgets it.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct TokenFileLoginTests {
    @Test func anIssuedTokenPublishesAndReadsPrivatelyUntilLogout() async throws {
        try await GlaasProcess.with { registry in
            let key = try SSHKeyFiles(type: "ed25519")
            try await GlaasCommand.addUser("alice", publicKeyFile: key.publicKey, database: registry.database)
            let issued = try await GlaasCommand.run(["tokens", "create", "alice", "--name", "laptop", "--json", "--database", registry.database])
            let token = try #require(try JSONParser.parse(issued.stdout)["token"]?.stringValue, "\(issued.stderr)")
            let laptop = try LoginMachine(registry: registry.url)
            let stranger = try LoginMachine(registry: registry.url)

            let file = laptop.home + "/token.json"
            try Data(CanonicalJSON.bytes(["access_token": .string(token)])).write(to: URL(fileURLWithPath: file))
            try Data(#"{"access_token": "glaas_nonsense"}"#.utf8).write(to: URL(fileURLWithPath: laptop.home + "/bad.json"))
            let refused = try await laptop.roar(["login", "--token-file", laptop.home + "/bad.json"])
            #expect(refused.status != 0 && refused.stderr.contains("does not accept the token"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: laptop.tokenFile))

            let login = try await laptop.json(["login", "--token-file", file])
            #expect(login["user"]?["username"] == "alice")
            #expect(LoginMachine.mode(laptop.tokenFile) == 0o600 && LoginMachine.mode(laptop.home + "/.config/roar") == 0o700)
            let whoami = try await laptop.json(["whoami"])
            #expect(whoami["user"]?["username"] == "alice" && whoami["registry"]?.stringValue == registry.url)
            let notLoggedIn = try await stranger.roar(["whoami"])
            #expect(notLoggedIn.status != 0 && notLoggedIn.stderr.contains("not logged in"), "\(notLoggedIn.stderr)")

            let scopes = try await laptop.json(["scope", "list"])
            let names = scopes["scopes"]?.arrayValue?.compactMap { $0["scope"]?.stringValue }
            #expect(names == ["anonymous", "private", "public"])
            #expect(scopes["scopes"]?.arrayValue?.allSatisfy { $0["available"]?.boolValue == true } == true)
            _ = try await laptop.json(["scope", "use", "private"])
            #expect(try await laptop.json(["scope", "status"])["scope"] == "private")

            let secret = try laptop.project.recordChain(2, tag: "token-file-secret")
            let published = try await laptop.json(["register"])
            #expect(published["visibility"] == "private" && published["authentication"] == "login" && published["scope"] == "private")
            #expect(published["creator_identity"]?.stringValue?.hasPrefix("glaas:user:") == true)
            let digest = secret[1].outputs[0].digest

            let shown = try await laptop.json(["show", digest, "--remote"])
            #expect(shown["digest"]?.stringValue == digest && shown["visibility"] == "private")
            let upstream = try await laptop.roar(["lineage", digest, "--remote"])
            #expect(upstream.status == 0 && upstream.stdout.contains("token-file-secret"), "\(upstream.stderr)")
            let hidden = try await stranger.roar(["show", digest, "--remote"])
            #expect(hidden.status != 0 && !hidden.stdout.contains(digest))

            // Another machine with the same login reproduces and diffs the private recipes; the stranger cannot.
            let desk = try LoginMachine(registry: registry.url, key: key.privateKey)
            _ = try await desk.json(["login", "--token-file", file])
            let plan = try await desk.roar(["reproduce", digest, "--json"])
            #expect(plan.status == 0 && plan.stdout.contains(digest), "\(plan.stderr)")
            let unseen = try await stranger.roar(["reproduce", digest, "--json"])
            #expect(unseen.status != 0 && !unseen.stdout.contains(digest))
            let diff = try await desk.roar(["diff", secret[0].outputs[0].digest, digest, "--json"])
            #expect(diff.status == 1 && (try? JSONParser.parse(diff.stdout))?["identical"] == false, "\(diff.stderr)")
            #expect(!diff.stderr.contains("note:"))

            // A token the registry refuses gives way to the SSH key, with a note.
            let revoked = try await GlaasCommand.run(["tokens", "revoke", "alice", "laptop", "--database", registry.database])
            #expect(revoked.status == 0, "\(revoked.stderr)")
            let fallback = try await desk.roar(["show", digest, "--remote", "--json"])
            #expect(fallback.status == 0 && fallback.stdout.contains(digest), "\(fallback.stderr)")
            #expect(fallback.stderr.contains("no longer accepts the login") && fallback.stderr.contains("with the SSH key"), "\(fallback.stderr)")

            let out = try await laptop.json(["logout"])
            #expect(out["logged_out"] == true)
            #expect(try !String(contentsOfFile: laptop.tokenFile, encoding: .utf8).contains(token))
            let after = try await laptop.roar(["show", digest, "--remote"])
            #expect(after.status != 0, "\(after.stdout)")
            let again = try await laptop.roar(["logout"])
            #expect(again.status == 0 && again.stdout.contains("Not logged in"))
        }
    }

    @Test func anExpiredLoginIsNotQuietlyReplacedByAnAnonymousPublication() async throws {
        try await GlaasProcess.with { registry in
            let machine = try LoginMachine(registry: registry.url)
            try machine.project.recordChain(1, tag: "expired-login")
            try machine.store(
                ["access_token": "glaas_old", "expires_at": "2020-01-01T00:00:00Z", "user": ["id": "u-1", "username": "alice"]], for: registry.url)
            let refused = try await machine.roar(["register", "-y"])
            #expect(refused.status == 1 && refused.stderr.contains("has expired") && refused.stderr.contains("roar login"), "\(refused.stderr)")
            #expect(try machine.project.store.registrations().isEmpty)
            let whoami = try await machine.roar(["whoami"])
            #expect(whoami.status == 1 && whoami.stderr.contains("has expired"), "\(whoami.stderr)")
            let anonymous = try await machine.json(["register", "-y", "--anonymous"])
            #expect(anonymous["authentication"] == "anonymous" && anonymous["visibility"] == "public")
        }
    }

    @Test func aCorruptLoginFileIsOneClearErrorLine() async throws {
        try await GlaasProcess.with { registry in
            let machine = try LoginMachine(registry: registry.url)
            try machine.project.recordChain(1)
            try FileManager.default.createDirectory(atPath: machine.home + "/.config/roar", withIntermediateDirectories: true)
            try Data("not json".utf8).write(to: URL(fileURLWithPath: machine.tokenFile))
            for command in [["whoami"], ["logout"], ["register", "-y"]] {
                let result = try await machine.roar(command)
                #expect(result.status == 1, "\(command): \(result.stderr)")
                #expect(result.stderr.hasPrefix("roar: \(machine.tokenFile) is not a valid login file"), "\(command): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1)
            }
        }
    }
}
