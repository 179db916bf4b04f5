import BLAKE3Hashing
import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar tag add|rm|show|history` in roar-cli's `tag.*` shapes, and tags crossing the registry
/// at `roar register` in both directions: ours read by roar-cli 0.4.7, roar-cli's read by ours.
@Suite(
    .timeLimit(.minutes(8)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct TagCommandTests {
    static func roar(_ arguments: [String], _ project: ProjectFixture, _ extra: [String: String] = [:]) async throws -> RoarBinary.Result {
        try await LabelCommandTests.roar(arguments, project, extra)
    }

    @Test func localTagsKeepRoarCLIsDocumentShape() async throws {
        let project = try ProjectFixture()
        let jobs = try project.recordChain(2, tag: "tags")
        let model = jobs[1].outputs[0]

        let added = try await Self.roar(["tag", "add", "license=MIT", model.path], project)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "Tagged \(model.path): tag.license += ['MIT']\n  license=MIT\n")
        let same = try await Self.roar(["tag", "add", "license=MIT", model.path], project)
        #expect(same.stdout == "No change: 'MIT' already present in tag.license\n  license=MIT\n")
        #expect(try await Self.roar(["tag", "add", "license=Apache-2.0", String(model.digest.prefix(12))], project).status == 0)
        #expect(try await Self.roar(["tag", "add", "contains_pii=present", "@1"], project).status == 0)

        // The document as roar-cli writes it: value records with their origin, and the bind ledger.
        let document = try #require(try project.store.currentLabel(LocalLabelTarget(kind: .artifact, key: model.digest, display: ""))).document
        #expect(
            document.json == [
                "tag": [
                    "license": ["values": [["value": "MIT", "origin": "user"], ["value": "Apache-2.0", "origin": "user"]]],
                    "bind": [
                        "events": [
                            ["action": "bind", "covers": ["license": ["MIT"]]], ["action": "bind", "covers": ["license": ["Apache-2.0"]]],
                        ]
                    ],
                ]
            ])
        #expect(try await Self.roar(["tag", "show", model.path], project).stdout == "Tags on \(model.path):\n  license=MIT, Apache-2.0\n")
        let shown = try RegisterCommandTests.json(try await Self.roar(["tag", "show", "@1", "--json"], project))
        #expect(shown["tags"] == ["contains_pii": ["present"]])
        #expect(shown["target"]?["kind"] == "job")

        let removed = try await Self.roar(["tag", "rm", "license=MIT", model.path], project)
        #expect(removed.stdout == "Removed 'MIT' from tag.license on \(model.path)\n  license=Apache-2.0\n")
        let none = try await Self.roar(["tag", "rm", "jurisdiction", model.path], project)
        #expect(none.stdout.hasPrefix("No change: tag.jurisdiction not present on"))
        let all = try await Self.roar(["tag", "rm", "license", model.path], project)
        #expect(all.stdout == "Removed tag.license from \(model.path)\n  (no tags remaining)\n")
        let history = try RegisterCommandTests.json(try await Self.roar(["tag", "history", model.path, "--json"], project))
        #expect(
            history["versions"]?.arrayValue?.map { $0["tags"] } == [
                ["license": ["MIT"]], ["license": ["MIT", "Apache-2.0"]], ["license": ["Apache-2.0"]], [:],
            ])
        // Tags are not plain labels: `roar label` cannot write them.
        #expect(try await Self.roar(["label", "set", model.path, "tag.license.values=x"], project).status != 0)
    }

    @Test func badTagsAreOneLineAndChangeNothing() async throws {
        let project = try ProjectFixture()
        let jobs = try project.recordChain(1, tag: "badtag")
        let path = jobs[0].outputs[0].path
        for arguments in [
            ["tag", "add", "licence=MIT", path], ["tag", "add", "license", path], ["tag", "add", "license=", path], ["tag", "add", "=MIT", path],
            ["tag", "add", "bind=x", path], ["tag", "add", "license=MIT", "@7"], ["tag", "add", "license=MIT", "missing.txt"],
            ["tag", "rm", "", path],
        ] {
            let result = try await Self.roar(arguments, project)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        #expect(try project.store.currentLabels(kind: .artifact).isEmpty)
        // A project's own kinds, as roar-cli's custom_kinds.
        #expect(try await Self.roar(["tag", "add", "export_control=EAR99", path], project, ["ROAR_TAG_CUSTOM_KINDS": "export_control"]).status == 0)
    }

    /// Our tag and label, registered with the lineage, are on the registry: our `--remote`
    /// reads and roar-cli's `label show --remote` see them.
    @Test(.enabled(if: RoarCLI.path != nil, "needs roar-cli 0.4.7 in .build-venv/roar-cli or $ROAR_CLI_VENV"))
    func ourTagsReachTheRegistryAndRoarCLIReadsThem() async throws {
        try await GlaasProcess.with { registry in
            let alice = try SSHKeyFiles(type: "ed25519")
            try await GlaasCommand.addUser("alice", publicKeyFile: alice.publicKey, database: registry.database)
            let project = try RegisterCommandTests.project(registry.url)
            let jobs = try project.recordChain(2, tag: "sync")
            let model = jobs[1].outputs[0]
            let asAlice = ["ROAR_SSH_KEY": alice.privateKey]
            #expect(try await Self.roar(["tag", "add", "license=MIT", model.path], project).status == 0)
            #expect(try await Self.roar(["label", "set", model.path, "quality=good"], project).status == 0)
            #expect(try await Self.roar(["label", "set", "@1", "reviewed=true"], project).status == 0)
            let registered = try RegisterCommandTests.json(try await Self.roar(["register", "--public", "-y", "--json"], project, asAlice))
            // Both jobs (their roar.* system labels) and the artifact.
            #expect(registered["labels_synced"] == 3)

            let remote = try RegisterCommandTests.json(try await Self.roar(["tag", "show", model.digest, "--remote", "--json"], project, asAlice))
            #expect(remote["tags"] == ["license": ["MIT"]])
            #expect(remote["metadata"]?["quality"] == "good")
            let text = try await Self.roar(["tag", "show", model.digest, "--remote"], project, asAlice)
            #expect(text.stdout == "Tags on \(model.digest):\n  license=MIT\n")
            // The job's label went under its remote uid.
            let hash = try #require(registered["lineage_hash"]?.stringValue)
            let job = try RegisterCommandTests.json(try await Self.roar(["label", "show", "job", "@1", "--remote", "--json"], project, asAlice))
            #expect(job["metadata"]?["reviewed"] == true)
            #expect(job["metadata"]?["roar"]?["operation"]?["kind"] == "run")
            #expect(job["metadata"]?["roar"]?["version"] == "0.4.7")
            #expect(job["metadata"]?["roar"]?["packages"]?["pip"]?["numpy"] == "2.1.0")
            #expect(job["jobUid"]?.stringValue == RegistrationPlan.remoteUID(lineageHash: hash, localUID: jobs[0].uid))

            let machine = NSTemporaryDirectory() + "roar-cli-labels-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: machine) }
            try FileManager.default.createDirectory(atPath: machine + "/home", withIntermediateDirectories: true)
            let environment = ChildProcess.environment([
                "ROAR_SSH_KEY": alice.privateKey, "ROAR_GLAAS__URL": "", "HOME": machine + "/home", "GLAAS_URL": registry.url, "DO_NOT_TRACK": "1",
                "ROAR_NO_TELEMETRY": "1",
            ])
            let shown = try await ChildProcess.run(
                [try #require(RoarCLI.path), "label", "show", "artifact", model.digest, "--remote"], environment: environment,
                workingDirectory: machine, combineOutput: true)
            #expect(shown.status == 0, "\(shown.stdout)")
            #expect(shown.stdout.contains("quality=good"), "\(shown.stdout)")
            #expect(shown.stdout.contains(#"tag.license.values=[{"origin": "user", "value": "MIT"}]"#), "\(shown.stdout)")
        }
    }

    /// roar-cli's `roar tag add` travels with its `roar register`; our roar reads it back.
    @Test(.enabled(if: RoarCLIMachine.hasRoarCLI, "needs roar-cli 0.4.7 in .build-venv/roar-cli or $ROAR_CLI_VENV"))
    func roarCLIsRegisteredTagsAreReadByOurRoar() async throws {
        try await RoarCLIMachine.with { machine in
            let demo = machine.work + "/demo"
            try await machine.run(["git", "init", "-q", "--bare", machine.work + "/remote.git"], in: machine.work)
            try await machine.run(["git", "init", "-q", demo], in: machine.work)
            let files = [
                "prepare.py": "with open('data.csv', 'w') as out:\n    for i in range(50):\n        out.write(f'{i},{i * 3 % 7}\\n')\n",
                ".gitignore": ".roar/\n*.csv\n",
            ]
            for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: demo + "/" + name)) }
            try await machine.run(["git", "remote", "add", "origin", RoarCLIMachine.remoteURL], in: demo)
            try await machine.run(["sh", "-c", "git add -A && git commit -qm pipeline && git push -q origin main"], in: demo)
            try await machine.run(["roar", "init", "-n"], in: demo)
            try await machine.run(["roar", "config", "set", "glaas.url", machine.url], in: demo)
            try await machine.run(["roar", "config", "set", "tracer.default", "ptrace"], in: demo)
            try await machine.run(["roar", "run", "python", "prepare.py"], in: demo)
            try await machine.run(["roar", "tag", "add", "license=GPL-3.0", "data.csv"], in: demo)
            try await machine.run(["roar", "label", "set", "artifact", "data.csv", "owner=ml"], in: demo)
            try await machine.run(["roar", "register", "-y"], in: demo)
            let data = try BLAKE3.hashFile(at: demo + "/data.csv").hex

            let reader = try RegisterCommandTests.project(machine.url)
            let tags = try RegisterCommandTests.json(try await Self.roar(["tag", "show", String(data.prefix(16)), "--remote", "--json"], reader))
            #expect(tags["tags"] == ["license": ["GPL-3.0"]])
            let text = try await Self.roar(["label", "show", data, "--remote"], reader)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("owner=ml"), "\(text.stdout)")
            #expect(text.stdout.contains("tag.license.values="), "\(text.stdout)")
        }
    }
}
