import Foundation
import LineageModel
import TestSupport
import Testing

/// Our roar as a team member (issue 14): a laptop with no key logs in by device code, approved
/// with `roar auth approve CODE` from a machine whose SSH key the registry knows; it then sees
/// its organization's project, publishes into it, and reads that private lineage back with its
/// token, which a machine without the login cannot; logout revokes the token on the registry.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct TeamLoginTests {
    /// `glaas ARGS --json --database DB`, which must succeed.
    static func glaas(_ arguments: [String], _ registry: GlaasProcess) async throws -> JSONValue {
        let result = try await GlaasCommand.run(arguments + ["--json", "--database", registry.database])
        guard result.status == 0 else { throw TestFailure("glaas \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)") }
        return try JSONParser.parse(result.stdout)
    }

    /// alice (key registered) in organization acme, which has the project acme/models.
    static func team(_ registry: GlaasProcess) async throws -> SSHKeyFiles {
        let key = try SSHKeyFiles(type: "ed25519")
        try await GlaasCommand.addUser("alice", publicKeyFile: key.publicKey, database: registry.database)
        _ = try await glaas(["orgs", "create", "acme"], registry)
        _ = try await glaas(["orgs", "add-member", "acme", "alice", "--role", "member"], registry)
        _ = try await glaas(["projects", "create", "acme/models", "--visibility", "private"], registry)
        return key
    }

    /// `roar login` on `laptop`, approved (or denied) from `desktop`; the login's result.
    static func login(_ laptop: LoginMachine, approvedFrom desktop: LoginMachine, deny: Bool = false) async throws -> (
        login: (status: Int32, stdout: String, stderr: String), approval: RoarBinary.Result
    ) {
        let waiting = try laptop.start(["login", "--json"])
        let code = try await LoginMachine.userCode(of: waiting)
        #expect(waiting.isRunning, "roar login stopped before approval\(waiting.outputSummary)")
        let approval = try await desktop.roar(["auth", "approve", code, "--json"] + (deny ? ["--deny"] : []))
        let status = try await waiting.wait(timeout: .seconds(60))
        return ((status, waiting.standardOutput, waiting.standardError), approval)
    }

    @Test func aDeviceLoginApprovedWithAnSSHKeyPublishesIntoTheTeamProjectAndReadsItBack() async throws {
        try await GlaasProcess.with { registry in
            let key = try await Self.team(registry)
            let desktop = try LoginMachine(registry: registry.url, key: key.privateKey)
            let laptop = try LoginMachine(registry: registry.url)
            let stranger = try LoginMachine(registry: registry.url)

            let (login, approval) = try await Self.login(laptop, approvedFrom: desktop)
            #expect(try JSONParser.parse(approval.stdout)["status"] == "approved", "\(approval.stderr)")
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("from a machine whose SSH key the registry knows"))
            #expect(try JSONParser.parse(login.stdout)["user"]?["username"] == "alice")
            #expect(LoginMachine.mode(laptop.tokenFile) == 0o600)
            let token = try #require(try laptop.storedLogin(registry.url)?["access_token"]?.stringValue)
            let whoami = try await laptop.json(["whoami"])
            #expect(whoami["user"]?["username"] == "alice" && whoami["organizations"] == ["acme"])

            let scopes = try await laptop.json(["scope", "list"])
            let team = scopes["scopes"]?.arrayValue?.first { $0["scope"] == "acme/models" }
            #expect(team?["available"] == true && team?["active"] == false, "\(scopes)")
            let chosen = try await laptop.json(["scope", "use", "acme/models"])
            #expect(chosen["project_id"] == team?["project_id"] && chosen["owner_id"] == team?["owner_id"])
            #expect(try await laptop.json(["scope", "list"])["active"] == "acme/models")
            let wrong = try await laptop.roar(["scope", "use", "acme/nothing"])
            #expect(wrong.status != 0 && wrong.stderr.contains("acme/models"), "\(wrong.stderr)")

            let jobs = try laptop.project.recordChain(2, tag: "team-secret")
            let published = try await laptop.json(["register"])
            #expect(published["authentication"] == "login" && published["scope"] == "acme/models", "\(published)")
            #expect(published["visibility"] == chosen["visibility"])
            let digest = jobs[1].outputs[0].digest

            let shown = try await laptop.json(["show", digest, "--remote"])
            #expect(shown["digest"]?.stringValue == digest)
            let upstream = try await laptop.roar(["lineage", digest, "--remote"])
            #expect(upstream.status == 0 && upstream.stdout.contains("team-secret"), "\(upstream.stderr)")
            #expect(chosen["visibility"] == "private")
            let hidden = try await stranger.roar(["show", digest, "--remote"])
            #expect(hidden.status != 0 && !hidden.stdout.contains(digest))
            // Another member never logged in: the registry knows their key, so their reads are signed.
            let bobKey = try SSHKeyFiles(type: "ed25519")
            try await GlaasCommand.addUser("bob", publicKeyFile: bobKey.publicKey, database: registry.database)
            let bob = try LoginMachine(registry: registry.url, key: bobKey.privateKey)
            let unseen = try await bob.roar(["show", digest, "--remote"])
            #expect(unseen.status != 0 && !unseen.stdout.contains(digest))
            _ = try await Self.glaas(["orgs", "add-member", "acme", "bob"], registry)
            #expect(try await bob.json(["show", digest, "--remote"])["digest"]?.stringValue == digest)

            let out = try await laptop.json(["logout"])
            #expect(out["logged_out"] == true && out["revoked"] == true)
            // The token itself no longer works: importing it is refused.
            try Data(CanonicalJSON.bytes(["access_token": .string(token)])).write(to: URL(fileURLWithPath: laptop.home + "/old.json"))
            let reused = try await laptop.roar(["login", "--token-file", laptop.home + "/old.json"])
            #expect(reused.status != 0 && reused.stderr.contains("does not accept the token"), "\(reused.stderr)")
        }
    }

    @Test func aDeniedLoginStoresNothingAndUnknownCodesAndKeysAreRefused() async throws {
        try await GlaasProcess.with { registry in
            let key = try await Self.team(registry)
            let desktop = try LoginMachine(registry: registry.url, key: key.privateKey)
            let laptop = try LoginMachine(registry: registry.url)
            let (login, approval) = try await Self.login(laptop, approvedFrom: desktop, deny: true)
            #expect(try JSONParser.parse(approval.stdout)["status"] == "denied", "\(approval.stderr)")
            #expect(login.status != 0 && login.stderr.contains("denied"), "\(login.stderr)")
            #expect(!FileManager.default.fileExists(atPath: laptop.tokenFile))

            let unknown = try await desktop.roar(["auth", "approve", "ZZZZ-ZZZZ"])
            #expect(unknown.status != 0 && unknown.stderr.contains("no login is waiting for the code ZZZZ-ZZZZ"), "\(unknown.stderr)")
            let unknownKey = try SSHKeyFiles(type: "ed25519")
            let stranger = try LoginMachine(registry: registry.url, key: unknownKey.privateKey)
            let waiting = try laptop.start(["login"])
            let code = try await LoginMachine.userCode(of: waiting)
            let refused = try await stranger.roar(["auth", "approve", code])
            #expect(refused.status != 0 && refused.stderr.contains("does not accept the SSH key"), "\(refused.stderr)")
            let noKey = try await laptop.roar(["auth", "approve", code])
            #expect(noKey.status == 2 && noKey.stderr.contains("needs an SSH key"), "\(noKey.stderr)")
            _ = try await desktop.json(["auth", "approve", code])
            #expect(try await waiting.wait(timeout: .seconds(60)) == 0, "\(waiting.outputSummary)")

            // A token within five minutes of its expiry is refreshed first; the refresh token rotates.
            var stored = try #require(try laptop.storedLogin(registry.url))
            let firstRefresh = try #require(stored["refresh_token"]?.stringValue)
            stored["expires_at"] = .string(Date().addingTimeInterval(120).formatted(.iso8601))
            try laptop.store(stored, for: registry.url)
            #expect(try await laptop.json(["whoami"])["user"]?["username"] == "alice")
            let refreshed = try #require(try laptop.storedLogin(registry.url))
            #expect(refreshed["access_token"] != stored["access_token"] && refreshed["refresh_token"] != stored["refresh_token"])
            #expect(refreshed["user"]?["username"] == "alice")
            // The refresh token used is spent: a login left holding it has expired for good (and
            // the registry, seeing it reused, ends the login it belonged to).
            let replay = try LoginMachine(registry: registry.url)
            try replay.store(
                ["access_token": "glaas_expired", "refresh_token": .string(firstRefresh), "expires_at": "2020-01-01T00:00:00Z"], for: registry.url)
            let spent = try await replay.roar(["whoami"])
            #expect(spent.status != 0 && spent.stderr.contains("could not be refreshed"), "\(spent.stderr)")
            let ended = try await laptop.roar(["whoami"])
            #expect(ended.status != 0 && ended.stderr.contains("no longer accepts this login"), "\(ended.stderr)")
            let twice = try await desktop.roar(["auth", "approve", code])
            #expect(
                twice.status != 0 && (twice.stderr.contains("already approved") || twice.stderr.contains("no login is waiting")), "\(twice.stderr)")
        }
    }

    /// Four roars due to refresh the same login at once: one exchanges the refresh token, the
    /// others find the new pair (the registry would end a login whose refresh token came back).
    @Test func roarsRefreshingOneLoginAtOnceKeepIt() async throws {
        try await GlaasProcess.with { registry in
            let key = try await Self.team(registry)
            let desktop = try LoginMachine(registry: registry.url, key: key.privateKey)
            let laptop = try LoginMachine(registry: registry.url)
            let (login, _) = try await Self.login(laptop, approvedFrom: desktop)
            #expect(login.status == 0, "\(login.stderr)")
            var stored = try #require(try laptop.storedLogin(registry.url))
            stored["expires_at"] = .string(Date().addingTimeInterval(120).formatted(.iso8601))
            try laptop.store(stored, for: registry.url)
            let results = try await withThrowingTaskGroup(of: RoarBinary.Result.self) { group in
                for _ in 0..<4 { group.addTask { try await laptop.roar(["whoami"]) } }
                return try await group.reduce(into: [RoarBinary.Result]()) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
            let refreshed = try #require(try laptop.storedLogin(registry.url))
            #expect(refreshed["refresh_token"] != stored["refresh_token"])
            let after = try await laptop.roar(["whoami"])
            #expect(after.status == 0 && after.stdout.contains("alice"), "\(after.stderr)")
        }
    }
}
