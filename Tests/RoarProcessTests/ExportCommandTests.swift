import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar export` against a real `glaas serve`: one lineage in each format (the glaas-graph file
/// imports with `glaas import`), every visible lineage with --all, through the reader's eyes,
/// and nothing left behind when the registry has no such lineage.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct ExportCommandTests {
    @Test func lineagesDownloadInEachFormatForWhoeverMaySeeThem() async throws {
        try await GlaasProcess.with { registry in
            let project = try RegisterCommandTests.project(registry.url)
            try project.recordChain(3)
            let environment = RegisterCommandTests.environment(project)
            func roar(_ arguments: [String], in fixture: ProjectFixture? = nil, _ extra: [String: String] = [:]) async throws -> RoarBinary.Result {
                let fixture = fixture ?? project
                return try await RoarBinary.run(arguments, in: fixture.root, environment: RegisterCommandTests.environment(fixture, extra))
            }
            let hash = try #require(try RegisterCommandTests.json(try await roar(["register", "-y", "--json"]))["lineage_hash"]?.stringValue)

            let key = try SSHKeyFiles(type: "ed25519")
            try await GlaasCommand.addUser("alice", publicKeyFile: key.publicKey, database: registry.database)
            let alice = try RegisterCommandTests.project(registry.url)
            try alice.recordChain(1, tag: "secret")
            let aliceKey = ["ROAR_SSH_KEY": key.privateKey]
            let secretHash = try #require(
                try RegisterCommandTests.json(try await roar(["register", "--private", "-y", "--json"], in: alice, aliceKey))["lineage_hash"]?
                    .stringValue)

            let file = project.path("lineage.glaas.json")
            let exported = try await roar(["export", hash, "-o", file])
            #expect(exported.status == 0, "\(exported.stderr)")
            #expect(exported.stdout.isEmpty)
            let graph = try String(contentsOfFile: file, encoding: .utf8)
            #expect(graph.hasPrefix(#"{"format":"glaas-graph","version":1,"lineages":["#), "\(graph.prefix(200))")
            #expect(graph.contains(hash))
            let target = project.path("imported.sqlite")
            let imported = try await GlaasCommand.run(["import", "--database", target, file])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("1 created, 0 existing, 0 refused"), "\(imported.stdout)")

            let prov = try await roar(["export", hash, "--format", "prov"])
            #expect(prov.status == 0, "\(prov.stderr)")
            #expect(try JSONParser.parse(prov.stdout).objectValue != nil)
            #expect(prov.stdout.contains(hash))
            let events = try await roar(["export", hash, "--format", "openlineage"])
            #expect(events.status == 0, "\(events.stderr)")
            let lines = events.stdout.split(separator: "\n")
            #expect(lines.count >= 3)
            for line in lines { #expect(try JSONParser.parse(String(line))["eventType"] != nil) }

            let everything = project.path("all.json")
            let all = try await roar(["export", "--all", "-o", everything])
            #expect(all.status == 0, "\(all.stderr)")
            let allText = try String(contentsOfFile: everything, encoding: .utf8)
            #expect(allText.contains(hash) && !allText.contains(secretHash), "anonymous readers get the public lineage only")
            let hers = try await roar(["export", "--all"], in: alice, aliceKey)
            #expect(hers.stdout.contains(secretHash) && hers.stdout.contains(hash))
            #expect(try await roar(["export", secretHash], in: alice, aliceKey).stdout.contains(secretHash))

            let before = try FileManager.default.contentsOfDirectory(atPath: project.root)
            for (arguments, why) in [
                (["export", secretHash, "-o", project.path("stolen.json")], "another user's private lineage"),
                (["export", String(repeating: "ab", count: 32), "-o", project.path("unknown.json")], "an unknown hash"),
            ] {
                let refused = try await roar(arguments)
                #expect(refused.status != 0, "\(why)")
                #expect(refused.stderr.split(separator: "\n").count == 1 && refused.stderr.contains("has no lineage"), "\(why): \(refused.stderr)")
                #expect(refused.stdout.isEmpty)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: project.root).sorted() == before.sorted(), "nothing was left behind")
            for bad in [["export"], ["export", hash, "--all"], ["export", hash, "--format", "csv"], ["export", "abc"]] {
                #expect(try await roar(bad).status != 0, "\(bad)")
            }
        }
    }
}
