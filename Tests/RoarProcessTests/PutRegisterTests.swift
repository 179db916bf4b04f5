import Foundation
import GLaaSClient
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar put` registers in the same step when glaas.url is set (a real `glaas serve` on SQLite):
/// the put job and the jobs that made the uploaded files reach the registry, with the lineage
/// hash reported; `--no-register` leaves the registry untouched.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct PutRegisterTests {
    @Test func putRegistersThePutJobAndItsUpstream() async throws {
        try await GlaasProcess.with { registry in
            let project = try RegisterCommandTests.project(registry.url)
            let jobs = try project.recordChain(2)
            let model = jobs[1].outputs[0]
            let environment = TransferCommandTests.isolated(project, ["ROAR_SSH_KEY": ""])
            let storage = project.path("shared")
            let put = try RegisterCommandTests.json(
                try await RoarBinary.run(["put", model.path, "file://\(storage)/v1", "-y", "--json"], in: project.root, environment: environment))
            let hash = try #require(put["lineage_hash"]?.stringValue)
            #expect(put["registration"]?["jobs"]?.int64Value == 3)
            #expect(put["registration"]?["url"]?.stringValue == "\(registry.url)/web/dag/\(hash)")
            #expect(try project.store.registrations().map(\.lineageHash) == [hash])

            let reader = try RegisterCommandTests.project(registry.url)
            let whole = try RegisterCommandTests.json(
                try await RoarBinary.run(["show", hash, "--json"], in: reader.root, environment: RegisterCommandTests.environment(reader)))
            #expect(whole["kind"]?.stringValue == "lineage")
            let commands = whole["jobs"]?.arrayValue?.compactMap { $0["command"]?.stringValue } ?? []
            #expect(commands.count == 3, "\(commands)")
            #expect(commands.contains { $0.hasPrefix("roar put") }, "\(commands)")
            let shown = try RegisterCommandTests.json(
                try await RoarBinary.run(["show", model.digest, "--json"], in: reader.root, environment: RegisterCommandTests.environment(reader)))
            #expect(shown["source"]?.stringValue == "registry")
            #expect(shown["lineage"]?.stringValue == hash)

            let text = try await RoarBinary.run(["put", model.path, "file://\(storage)/v2", "-y"], in: project.root, environment: environment)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("registered lineage "), "\(text.stdout)")

            // A directory: its composite is staged with the lineage and readable on the registry.
            try FileManager.default.createDirectory(atPath: project.path("shards/sub"), withIntermediateDirectories: true)
            for (path, text) in DirectoryTransferTests.files { try project.write(path, text) }
            let directory = try RegisterCommandTests.json(
                try await RoarBinary.run(["put", "shards", "file://\(storage)/shards", "-y", "--json"], in: project.root, environment: environment))
            #expect(directory["lineage_hash"]?.stringValue != nil)
            let composite = DirectoryTransferTests.composite().digest
            let remote = try RegisterCommandTests.json(
                try await RoarBinary.run(
                    ["show", composite, "--remote", "--json"], in: reader.root, environment: RegisterCommandTests.environment(reader)))
            #expect(remote["digest"]?.stringValue == composite, "\(remote)")
        }
    }

    @Test func noRegisterLeavesTheRegistryUntouched() async throws {
        try await GlaasProcess.with { registry in
            let project = try RegisterCommandTests.project(registry.url)
            try project.write("alone.txt", "not for the registry\n")
            let environment = TransferCommandTests.isolated(project, ["ROAR_SSH_KEY": ""])
            let put = try RegisterCommandTests.json(
                try await RoarBinary.run(
                    ["put", "alone.txt", "file://\(project.path("shared"))", "--no-register", "--json"], in: project.root, environment: environment))
            #expect(put["lineage_hash"] == .null)
            #expect(put["not_registered"]?.stringValue == "--no-register")
            #expect(try project.store.registrations().isEmpty)
            let reader = try RegisterCommandTests.project(registry.url)
            let shown = try await RoarBinary.run(
                ["show", TestDigest.blake3("not for the registry\n"), "--remote", "--json"], in: reader.root,
                environment: RegisterCommandTests.environment(reader))
            #expect(shown.status != 0, "the registry knows nothing of it: \(shown.stdout)")

            // Anonymous registration needs -y when nobody can be asked: refused before uploading.
            let unconfirmed = try await RoarBinary.run(
                ["put", "alone.txt", "file://\(project.path("other"))"], in: project.root, environment: environment)
            #expect(unconfirmed.status != 0)
            #expect(unconfirmed.stderr.contains("pass -y"), "\(unconfirmed.stderr)")
            #expect(!FileManager.default.fileExists(atPath: project.path("other")))
        }
    }
}
