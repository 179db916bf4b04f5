import Foundation
import LineageModel
import TestSupport
import Testing

/// roar-cli 0.4.7 signs in with a token `glaas tokens create` issued (`roar login
/// --token-file`), reads its user's private lineage with it, and loses it the moment the token
/// is revoked; a machine that never logged in sees nothing.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason),
    .enabled(if: RoarCLI.path != nil, "needs roar-cli 0.4.7 in .build-venv/roar-cli or $ROAR_CLI_VENV (scripts/test.sh installs it)"))
struct RoarCLITokenLoginTests {
    @Test func roarCLILogsInWithAnIssuedTokenAndReadsItsUsersPrivateLineage() async throws {
        try await GlaasProcess.with { registry in
            let key = try SSHKeyFiles(type: "ed25519")
            try await GlaasCommand.addUser("alice", publicKeyFile: key.publicKey, database: registry.database)
            let project = try RegisterCommandTests.project(registry.url)
            let secret = try project.recordChain(1, tag: "token-secret")
            let environment = RegisterCommandTests.environment(project, ["ROAR_SSH_KEY": key.privateKey])
            let hidden = try RegisterCommandTests.json(
                try await RoarBinary.run(["register", secret[0].outputs[0].path, "--private", "--json"], in: project.root, environment: environment))
            #expect(hidden["visibility"]?.stringValue == "private")
            let digest = secret[0].outputs[0].digest

            let issued = try await GlaasCommand.run(["tokens", "create", "alice", "--name", "laptop", "--json", "--database", registry.database])
            let token = try #require(try JSONParser.parse(issued.stdout)["token"]?.stringValue, "\(issued.stderr)")

            let machine = NSTemporaryDirectory() + "roar-cli-token-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: machine) }
            func roarCLI(_ arguments: [String], home: String) async throws -> (status: Int32, text: String) {
                let directory = machine + "/work"
                try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let environment = ChildProcess.environment([
                    "ROAR_SSH_KEY": "", "ROAR_GLAAS__URL": "", "HOME": home, "GLAAS_URL": registry.url, "GLAAS_API_URL": registry.url,
                    "DO_NOT_TRACK": "1", "ROAR_NO_TELEMETRY": "1", "ROAR_DISABLE_BROWSER_OPEN": "1",
                ])
                let result = try await ChildProcess.run(
                    [try #require(RoarCLI.path)] + arguments, environment: environment, workingDirectory: directory, combineOutput: true)
                return (result.status, result.stdout)
            }
            let home = machine + "/home"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try Data(CanonicalJSON.bytes(["access_token": .string(token)])).write(to: URL(fileURLWithPath: home + "/token.json"))
            let login = try await roarCLI(["login", "--token-file", home + "/token.json", "--force"], home: home)
            #expect(login.status == 0 && login.text.contains("alice"), "\(login.text)")

            let shown = try await roarCLI(["show", String(digest.prefix(16)), "--remote"], home: home)
            #expect(shown.status == 0 && shown.text.contains(digest), "\(shown.text)")
            let stranger = try await roarCLI(["show", String(digest.prefix(16)), "--remote"], home: machine + "/stranger")
            #expect(!stranger.text.contains("token-secret"), "\(stranger.text)")

            let revoked = try await GlaasCommand.run(["tokens", "revoke", "alice", "laptop", "--database", registry.database])
            #expect(revoked.status == 0, "\(revoked.stderr)")
            let after = try await roarCLI(["show", String(digest.prefix(16)), "--remote"], home: home)
            #expect(!after.text.contains("token-secret"), "\(after.text)")
        }
    }
}
