import BLAKE3Hashing
import Foundation
import LineageModel
import TestSupport
import Testing

/// A team end to end (issue 14, item 7), on each store: roar-cli 0.4.7 logs in by device code,
/// approved with our `roar auth approve` (alice's SSH key), and publishes into the
/// organization's private project; a teammate's roar-cli (another HOME, logged in the same way
/// with bob's key) shows and reproduces it; an outsider logged in with a token and an anonymous
/// reader cannot see it. Our roar does the same from its side: bob's login reads and reproduces
/// it, carol's key does not.
@Suite(
    .enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason),
    .enabled(if: RoarCLIMachine.hasRoarCLI, "needs roar-cli 0.4.7 in .build-venv/roar-cli or $ROAR_CLI_VENV (scripts/test.sh installs it)"),
    .serialized, .timeLimit(.minutes(10)))
struct RoarCLITeamTests {
    @Test func aTeamPublishesPrivatelyOnSQLite() async throws {
        try await Self.scenario(database: nil)
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "needs GLAAS_TEST_POSTGRES_URL (scripts/test.sh starts a cluster)"))
    func aTeamPublishesPrivatelyOnPostgreSQL() async throws {
        try await Self.scenario(database: try await StoreKind.makeScratchPostgresURL())
    }

    /// `glaas ARGS --database DB`, which must succeed.
    static func glaas(_ arguments: [String], _ machine: RoarCLIMachine) async throws {
        let result = try await GlaasCommand.run(arguments + ["--database", machine.server.database])
        guard result.status == 0 else { throw TestFailure("glaas \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
    }

    /// roar-cli's environment on `home`: the registry named by variable, no browser.
    static func environment(_ machine: RoarCLIMachine, _ home: String) -> [String: String] {
        var environment = machine.environment(home)
        environment["GLAAS_URL"] = machine.url
        environment["GLAAS_API_URL"] = machine.url
        environment["ROAR_DISABLE_BROWSER_OPEN"] = "1"
        return environment
    }

    /// roar-cli `ARGS` on machine `home` in `directory`: status and combined output.
    static func roarCLI(_ arguments: [String], _ machine: RoarCLIMachine, home: String, in directory: String) async throws -> (
        status: Int32, text: String
    ) {
        let child = try ChildProcess(
            [RoarCLIMachine.venv + "/bin/roar"] + arguments, environment: environment(machine, home), workingDirectory: directory, combineOutput: true
        )
        let status = try await child.wait(timeout: .seconds(300))
        return (status, child.standardOutput)
    }

    /// roar-cli's `roar login` on `home`, approved with our `roar auth approve` by `approver`.
    static func deviceLogin(_ machine: RoarCLIMachine, home: String, in directory: String, approver: LoginMachine) async throws -> String {
        let login = try ChildProcess(
            [RoarCLIMachine.venv + "/bin/roar", "login"], environment: environment(machine, home), workingDirectory: directory, combineOutput: true)
        let deadline = ContinuousClock.now + .seconds(60)
        var code: String?
        while code == nil, ContinuousClock.now < deadline, login.isRunning {
            if let match = try Regex("Enter this code on the site: ([A-Z]{4}-[A-Z]{4})").firstMatch(in: login.standardOutput) {
                code = String(login.standardOutput[match.range].suffix(9))
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard let code else { throw TestFailure("roar-cli login printed no code\(login.outputSummary)") }
        let approval = try await approver.roar(["auth", "approve", code, "--json"])
        #expect(approval.status == 0, "roar auth approve: \(approval.stderr)")
        let status = try await login.wait(timeout: .seconds(60))
        #expect(status == 0, "roar-cli login: \(login.standardOutput)")
        return login.standardOutput
    }

    static func scenario(database: String?) async throws {
        // Access tokens live two minutes: roar-cli refreshes one due within five minutes before
        // it publishes, so the registration below goes through a refresh (the pair rotates).
        try await RoarCLIMachine.with(database: database, arguments: ["--login-poll-interval", "1", "--access-token-lifetime", "120"]) { machine in
            let (alice, bob, carol) = (try SSHKeyFiles(type: "ed25519"), try SSHKeyFiles(type: "ed25519"), try SSHKeyFiles(type: "ed25519"))
            for (name, key) in [("alice", alice), ("bob", bob), ("carol", carol)] {
                try await GlaasCommand.addUser(name, publicKeyFile: key.publicKey, database: machine.server.database)
            }
            try await glaas(["orgs", "create", "acme"], machine)
            try await glaas(["orgs", "add-member", "acme", "alice", "--role", "admin"], machine)
            try await glaas(["orgs", "add-member", "acme", "bob"], machine)
            try await glaas(["projects", "create", "acme/demo", "--description", "team work"], machine)
            for home in ["C", "D"] {
                try FileManager.default.createDirectory(atPath: machine.work + "/home" + home, withIntermediateDirectories: true)
            }

            // Machine A: alice's roar-cli, logged in by device code approved with her key.
            let demo = machine.work + "/demo"
            try await machine.run(["git", "init", "-q", "--bare", machine.work + "/remote.git"], in: machine.work)
            try await machine.run(["git", "init", "-q", demo], in: machine.work)
            let files = [
                "prepare.py": "with open('data.csv', 'w') as out:\n    for i in range(100):\n        out.write(f'{i},{i * 7 % 13}\\n')\n",
                "train.py":
                    "import json\nrows = [line.split(',') for line in open('data.csv')]\njson.dump({'w': sum(int(r[1]) for r in rows)}, open('model.json', 'w'))\n",
                ".gitignore": ".roar/\n*.csv\n*.json\n",
            ]
            for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: demo + "/" + name)) }
            try await machine.run(["git", "remote", "add", "origin", RoarCLIMachine.remoteURL], in: demo)
            try await machine.run(["sh", "-c", "git add -A && git commit -qm pipeline && git push -q origin main"], in: demo)
            try await machine.run(["roar", "init", "-n"], in: demo)
            try await machine.run(["roar", "config", "set", "glaas.url", machine.url], in: demo)
            try await machine.run(["roar", "config", "set", "tracer.default", "ptrace"], in: demo)
            let aliceDesk = try LoginMachine(registry: machine.url, key: alice.privateKey)
            let loggedIn = try await deviceLogin(machine, home: "A", in: demo, approver: aliceDesk)
            #expect(loggedIn.contains("alice"), "\(loggedIn)")
            let whoami = try await roarCLI(["whoami"], machine, home: "A", in: demo)
            #expect(whoami.status == 0 && whoami.text.contains("alice"), "\(whoami.text)")
            let projects = try await roarCLI(["projects", "list"], machine, home: "A", in: demo)
            #expect(projects.status == 0 && projects.text.contains("team work"), "\(projects.text)")
            let scopes = try await roarCLI(["scope", "list"], machine, home: "A", in: demo)
            #expect(scopes.status == 0 && scopes.text.contains("acme/demo"), "\(scopes.text)")
            let scope = try await roarCLI(["scope", "use", "acme/demo"], machine, home: "A", in: demo)
            #expect(scope.status == 0, "\(scope.text)")
            try await machine.run(["roar", "run", "python", "prepare.py"], in: demo)
            try await machine.run(["roar", "run", "python", "train.py"], in: demo)
            let tokensBefore = try await GlaasCommand.run(["tokens", "list", "alice", "--json", "--database", machine.server.database])
            let registered = try await roarCLI(["register", "-y"], machine, home: "A", in: demo)
            #expect(registered.status == 0, "\(registered.text)")
            let tokensAfter = try await GlaasCommand.run(["tokens", "list", "alice", "--json", "--database", machine.server.database])
            let (before, after) = (try JSONParser.parse(tokensBefore.stdout), try JSONParser.parse(tokensAfter.stdout))
            #expect((after.arrayValue?.count ?? 0) > (before.arrayValue?.count ?? 0), "roar-cli refreshed its login before publishing")
            let lineage = try #require(
                try Regex("/web/dag/([0-9a-f]{64})").firstMatch(in: registered.text).map { String(registered.text[$0.range].suffix(64)) },
                "\(registered.text)")
            let model = try BLAKE3.hashFile(at: demo + "/model.json").hex

            // Machine B: bob's roar-cli, logged in the same way with his key; shows and reproduces it.
            let bobWork = machine.work + "/bob"
            try FileManager.default.createDirectory(atPath: bobWork, withIntermediateDirectories: true)
            try await machine.run(["git", "init", "-q", bobWork], in: machine.work, machine: "B")
            try await machine.run(["roar", "init", "-n"], in: bobWork, machine: "B")
            try await machine.run(["roar", "config", "set", "glaas.url", machine.url], in: bobWork, machine: "B")
            let bobDesk = try LoginMachine(registry: machine.url, key: bob.privateKey)
            _ = try await deviceLogin(machine, home: "B", in: bobWork, approver: bobDesk)
            let shown = try await roarCLI(["show", String(model.prefix(16)), "--remote"], machine, home: "B", in: bobWork)
            #expect(shown.status == 0 && shown.text.contains("train.py"), "\(shown.text)")
            let plan = try await roarCLI(["reproduce", model], machine, home: "B", in: bobWork)
            #expect(plan.status == 0 && plan.text.contains("python train.py"), "\(plan.text)")
            // Rebuilt from an empty directory (roar-cli clones the lineage's repository there).
            let rebuild = machine.work + "/bob-rebuild"
            try FileManager.default.createDirectory(atPath: rebuild, withIntermediateDirectories: true)
            let rebuilt = try await roarCLI(["reproduce", model, "--run", "-y"], machine, home: "B", in: rebuild)
            #expect(rebuilt.status == 0, "\(rebuilt.text)")
            let outputs = FileManager.default.enumerator(atPath: rebuild)?.compactMap { $0 as? String }.filter { $0.hasSuffix("model.json") } ?? []
            #expect(try outputs.contains { try BLAKE3.hashFile(at: rebuild + "/" + $0).hex == model }, "rebuilt \(outputs): \(rebuilt.text)")

            // Outsiders: carol, logged in with a token the operator issued, and an anonymous machine.
            let issued = try await GlaasCommand.run([
                "tokens", "create", "carol", "--name", "laptop", "--json", "--database", machine.server.database,
            ])
            let token = try #require(try JSONParser.parse(issued.stdout)["token"]?.stringValue, "\(issued.stderr)")
            let carolFile = machine.work + "/homeC/token.json"
            try Data(CanonicalJSON.bytes(["access_token": .string(token)])).write(to: URL(fileURLWithPath: carolFile))
            let outsiderWork = machine.work + "/outsider"
            try FileManager.default.createDirectory(atPath: outsiderWork, withIntermediateDirectories: true)
            #expect(try await roarCLI(["login", "--token-file", carolFile, "--force"], machine, home: "C", in: outsiderWork).status == 0)
            for home in ["C", "D"] {
                let hidden = try await roarCLI(["show", String(model.prefix(16)), "--remote"], machine, home: home, in: outsiderWork)
                #expect(!hidden.text.contains("train.py") && !hidden.text.contains(lineage), "home \(home): \(hidden.text)")
            }

            // Alice logs out: her login ends on the registry.
            let out = try await roarCLI(["logout"], machine, home: "A", in: demo)
            #expect(out.status == 0, "\(out.text)")
            let ended = try JSONParser.parse(
                try await GlaasCommand.run(["tokens", "list", "alice", "--json", "--database", machine.server.database]).stdout)
            #expect(ended.arrayValue?.allSatisfy { $0["revoked_at"] != .null } == true, "\(ended)")

            // Our roar: bob's login reads and reproduces it; carol's key and nobody do not.
            let bobLaptop = try LoginMachine(registry: machine.url)
            let waiting = try bobLaptop.start(["login"])
            let code = try await LoginMachine.userCode(of: waiting)
            #expect(try await bobDesk.roar(["auth", "approve", code]).status == 0)
            #expect(try await waiting.wait(timeout: .seconds(60)) == 0, "\(waiting.outputSummary)")
            let ours = try await bobLaptop.roar(["show", model, "--remote"])
            #expect(ours.status == 0 && ours.stdout.contains("train.py"), "\(ours.stderr)")
            let recipe = try await bobLaptop.roar(["reproduce", model])
            #expect(recipe.status == 0 && recipe.stdout.contains("python train.py"), "\(recipe.stdout)\(recipe.stderr)")
            for outsider in [try LoginMachine(registry: machine.url, key: carol.privateKey), try LoginMachine(registry: machine.url)] {
                let refused = try await outsider.roar(["show", model, "--remote"])
                #expect(refused.status != 0 && !refused.stdout.contains("train.py"), "\(refused.stdout)")
            }
        }
    }
}
