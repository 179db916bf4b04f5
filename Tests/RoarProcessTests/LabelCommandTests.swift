import Foundation
import GLaaSClient
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar label set|unset|show|history`, through the built executable: versioned documents in
/// the local store, and (`--remote`) on a `glaas serve` over SQLite and PostgreSQL with an
/// SSH-key user, where another user cannot change them.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct LabelCommandTests {
    static func roar(_ arguments: [String], _ project: ProjectFixture, _ extra: [String: String] = [:]) async throws -> RoarBinary.Result {
        try await RoarBinary.run(arguments, in: project.root, environment: RegisterCommandTests.environment(project, extra))
    }

    static func json(_ arguments: [String], _ project: ProjectFixture, _ extra: [String: String] = [:]) async throws -> JSONValue {
        try RegisterCommandTests.json(try await roar(arguments, project, extra))
    }

    @Test func localLabelsAreVersionedDocuments() async throws {
        let project = try ProjectFixture()
        let jobs = try project.recordChain(2, tag: "lab")
        let model = jobs[1].outputs[0]

        let set = try await Self.roar(["label", "set", "artifact", model.path, "quality=good", "owner.team=ml", "epochs=3"], project)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "Updated labels (version 1):\n  epochs=3\n  owner.team=ml\n  quality=good\n")
        let again = try await Self.roar(["label", "set", model.path, "quality=good"], project)
        #expect(again.stdout.hasPrefix("Labels unchanged (version 1):"))

        // The kind is inferred: a digest prefix names the same artifact.
        let shown = try await Self.json(["label", "show", String(model.digest.prefix(10)), "--json"], project)
        #expect(shown["version"] == 1)
        #expect(shown["metadata"]?["owner"]?["team"] == "ml")
        #expect(shown["metadata"]?["epochs"] == 3)
        #expect(shown["target"]?["key"]?.stringValue == model.digest)

        let unset = try await Self.roar(["label", "unset", model.path, "quality", "owner.team"], project)
        #expect(unset.stdout == "Removed labels (version 2):\n  owner.team=ml\n  quality=good\n")
        let text = try await Self.roar(["label", "show", model.path], project)
        #expect(text.stdout == "epochs=3\n")

        let history = try await Self.json(["label", "history", model.path, "--json"], project)
        #expect(history["versions"]?.arrayValue?.count == 2)
        #expect(history["versions"]?[0]?["metadata"]?["quality"] == "good")
        #expect(history["versions"]?[1]?["metadata"]?["quality"] == nil)
        let historyText = try await Self.roar(["label", "history", model.path], project)
        #expect(historyText.stdout == "Version 1:\n  epochs=3\n  owner.team=ml\n  quality=good\n\nVersion 2:\n  epochs=3\n")

        // Jobs by step and uid, and the session's lineage.
        #expect(try await Self.roar(["label", "set", "job", "@1", "reviewed=true"], project).status == 0)
        let job = try await Self.json(["label", "show", "job", jobs[0].uid, "--json"], project)
        #expect(job["metadata"]?["reviewed"] == true)
        #expect(try await Self.roar(["label", "set", "dag", "current", "note=baseline"], project).status == 0)
        #expect(try await Self.roar(["label", "show", "dag", "current"], project).stdout == "note=baseline\n")
        #expect(try await Self.roar(["label", "show", "@2"], project).stdout == "No labels.\n")
    }

    @Test func badLabelInputIsOneLineAndChangesNothing() async throws {
        let project = try ProjectFixture()
        let jobs = try project.recordChain(1, tag: "bad")
        let path = jobs[0].outputs[0].path
        for arguments in [
            ["label", "set", path, "novalue"], ["label", "set", path, "=x"], ["label", "set", path, "tag.license=MIT"],
            ["label", "set", path, "roar.git.commit=x"], ["label", "unset", path, "a=b"], ["label", "set", "@9", "a=1"],
            ["label", "set", "no-such-file", "a=1"], ["label", "set", path], ["label", "show", "dag", "deadbeef"],
            ["label", "set", path, "a..b=1"], ["label", "show", path, "--session", String(repeating: "a", count: 64)],
            ["label", "set", "job", path, "a=1"],
        ] {
            let result = try await Self.roar(arguments, project)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("roar: "), "\(arguments): \(result.stderr)")
        }
        #expect(try project.store.currentLabels(kind: .artifact).isEmpty)
        #expect(try project.store.currentLabels(kind: .job).isEmpty)
    }

    @Test func remoteLabelsOnSQLite() async throws {
        try await GlaasProcess.with { registry in try await Self.remoteScenario(registry) }
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "needs GLAAS_TEST_POSTGRES_URL (scripts/test.sh starts a cluster)"))
    func remoteLabelsOnPostgreSQL() async throws {
        try await GlaasProcess.with(database: try await StoreKind.makeScratchPostgresURL()) { registry in try await Self.remoteScenario(registry) }
    }

    /// A login (a token the operator issued, no SSH key) labels its private lineage remotely;
    /// another user's login cannot read or change it.
    @Test func remoteLabelsWithALogin() async throws {
        try await GlaasProcess.with { registry in
            var machines: [LoginMachine] = []
            for name in ["alice", "bob"] {
                let key = try SSHKeyFiles(type: "ed25519")
                try await GlaasCommand.addUser(name, publicKeyFile: key.publicKey, database: registry.database)
                let issued = try await GlaasCommand.run(["tokens", "create", name, "--name", "laptop", "--json", "--database", registry.database])
                let token = try #require(try JSONParser.parse(issued.stdout)["token"]?.stringValue, "\(issued.stderr)")
                let machine = try LoginMachine(registry: registry.url)
                let file = machine.home + "/token.json"
                try Data(CanonicalJSON.bytes(["access_token": .string(token)])).write(to: URL(fileURLWithPath: file))
                #expect(try await machine.roar(["login", "--token-file", file]).status == 0)
                machines.append(machine)
            }
            let (alice, bob) = (machines[0], machines[1])
            let jobs = try alice.project.recordChain(1, tag: "login")
            let registered = try await alice.json(["register", "--private", "-y"])
            #expect(registered["authentication"] == "login")
            let model = jobs[0].outputs[0].digest
            let set = try await alice.roar(["label", "set", model, "--remote", "stage=prod"])
            #expect(set.status == 0, "\(set.stderr)")
            #expect(try await alice.json(["label", "show", model, "--remote"])["metadata"] == ["stage": "prod"])
            for arguments in [["label", "set", model, "--remote", "stage=hacked"], ["label", "show", model, "--remote"]] {
                let refused = try await bob.roar(arguments)
                #expect(refused.status != 0, "\(arguments)")
                #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            }
            #expect(try await alice.json(["label", "history", model, "--remote"])["labels"]?.arrayValue?.count == 1)
        }
    }

    /// Alice (SSH key) publishes and labels remotely; Mallory (another key) and an anonymous
    /// roar cannot change her labels: one readable line, a non-zero exit, nothing changed.
    static func remoteScenario(_ registry: GlaasProcess) async throws {
        let (alice, mallory) = (try SSHKeyFiles(type: "ed25519"), try SSHKeyFiles(type: "ed25519"))
        try await GlaasCommand.addUser("alice", publicKeyFile: alice.publicKey, database: registry.database)
        try await GlaasCommand.addUser("mallory", publicKeyFile: mallory.publicKey, database: registry.database)
        let project = try RegisterCommandTests.project(registry.url)
        let jobs = try project.recordChain(2, tag: "remote")
        let asAlice = ["ROAR_SSH_KEY": alice.privateKey]
        let registered = try await json(["register", "--public", "-y", "--json"], project, asAlice)
        let hash = try #require(registered["lineage_hash"]?.stringValue)
        let model = jobs[1].outputs[0].digest

        let set = try await roar(["label", "set", "artifact", String(model.prefix(16)), "--remote", "stage=prod", "owner.team=ml"], project, asAlice)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "Updated remote labels: processed=1 created=1 updated=0 noops=0\n  artifact:\(hash)=created version 1\n")
        let shown = try await json(["label", "show", "artifact", model, "--remote", "--json"], project, asAlice)
        #expect(shown["version"] == 1)
        #expect(shown["canEdit"] == true)
        #expect(shown["metadata"]?["stage"] == "prod")
        let shownText = try await roar(["label", "show", model, "--remote"], project, asAlice)
        #expect(shownText.stdout == "Remote labels (version 1, editable):\n  owner.team=ml\n  stage=prod\n")

        let unset = try await roar(["label", "unset", model, "--remote", "stage"], project, asAlice)
        #expect(unset.status == 0, "\(unset.stderr)")
        #expect(unset.stdout.contains("deleted_keys=1"))
        #expect(unset.stdout.contains("(deleted: stage)"))
        let history = try await json(["label", "history", model, "--remote", "--json"], project, asAlice)
        #expect(history["labels"]?.arrayValue?.count == 2)
        #expect(history["labels"]?[1]?["metadata"]?["stage"] == nil)
        let historyText = try await roar(["label", "history", model, "--remote"], project, asAlice)
        #expect(historyText.stdout == "Version 1:\n  owner.team=ml\n  stage=prod\n\nVersion 2:\n  owner.team=ml\n")

        // The lineage, and a job by its local step (its remote uid found in this project's registrations).
        #expect(try await roar(["label", "set", "dag", hash, "--remote", "note=baseline"], project, asAlice).status == 0)
        #expect(try await json(["label", "show", "dag", hash, "--remote", "--json"], project, asAlice)["metadata"]?["note"] == "baseline")
        let jobSet = try await roar(["label", "set", "job", "@2", "--remote", "reviewed=true"], project, asAlice)
        #expect(jobSet.status == 0, "\(jobSet.stderr)")
        let remoteUID = RegistrationPlan.remoteUID(lineageHash: hash, localUID: jobs[1].uid)
        let job = try await json(["label", "show", "job", remoteUID, "--session", hash, "--remote", "--json"], project, asAlice)
        #expect(job["metadata"]?["reviewed"] == true)

        // Mallory's roar, and an anonymous one, in projects of their own.
        let attacker = try RegisterCommandTests.project(registry.url)
        for (arguments, environment) in [
            (["label", "set", "artifact", model, "--remote", "stage=hacked"], ["ROAR_SSH_KEY": mallory.privateKey]),
            (["label", "unset", "artifact", model, "--remote", "owner.team"], ["ROAR_SSH_KEY": mallory.privateKey]),
            (["label", "set", "dag", hash, "--remote", "note=pwned"], ["ROAR_SSH_KEY": mallory.privateKey]),
            (["label", "set", "artifact", model, "--remote", "stage=hacked"], [:]),
        ] {
            let refused = try await roar(arguments, attacker, environment)
            #expect(refused.status != 0, "\(arguments)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.contains("denied") || refused.stderr.contains("needs a login"), "\(refused.stderr)")
        }
        let after = try await json(["label", "show", model, "--remote", "--json"], project, asAlice)
        #expect(after["version"] == 2)
        #expect(after["metadata"] == ["owner": ["team": "ml"]])
        #expect(try await json(["label", "show", "dag", hash, "--remote", "--json"], project, asAlice)["metadata"] == ["note": "baseline"])
    }
}
