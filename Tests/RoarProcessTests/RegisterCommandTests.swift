import Foundation
import GLaaSClient
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar register` and remote `roar show`/`roar lineage` against a real `glaas serve`.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct RegisterCommandTests {
    /// A project whose glaas.url points at `registry`, with no SSH key in reach.
    static func project(_ registry: String) throws -> ProjectFixture {
        var configuration = RoarConfiguration.default
        configuration.glaasURL = registry
        return try ProjectFixture(configuration: configuration)
    }

    /// No key from the test user's ~/.ssh: a HOME of the project's own.
    static func environment(_ project: ProjectFixture, _ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": project.root, "ROAR_SSH_KEY": ""].merging(extra) { _, new in new }
    }

    static func json(_ result: RoarBinary.Result) throws -> JSONValue {
        guard result.status == 0 else { throw TestFailure("roar failed (\(result.status)): \(result.stderr)") }
        return try JSONParser.parse(result.stdout)
    }

    @Test func registerPublishesTheHashComputedLocallyAndShowsItFromAnotherProject() async throws {
        try await GlaasProcess.with { registry in
            let project = try Self.project(registry.url)
            let jobs = try project.recordChain(4)
            let environment = Self.environment(project)

            let dry = try Self.json(try await RoarBinary.run(["register", "--dry-run", "--json"], in: project.root, environment: environment))
            let expected = RegistrationPlan(
                selection: RegistrationSelection(target: "session", jobs: try project.store.jobs()), creatorIdentity: "anonymous")
            #expect(dry["lineage_hash"]?.stringValue == expected.lineageHash)
            #expect(dry["jobs"]?.arrayValue?.count == 4)

            let registered = try Self.json(try await RoarBinary.run(["register", "-y", "--json"], in: project.root, environment: environment))
            let hash = try #require(registered["lineage_hash"]?.stringValue)
            #expect(hash == expected.lineageHash)
            #expect(registered["url"]?.stringValue == "\(registry.url)/web/dag/\(hash)")
            #expect(registered["already_registered"]?.boolValue == false)
            #expect(try project.store.registrations().map(\.lineageHash) == [hash])
            #expect(
                try project.store.registrations().first?.remoteJobUIDs[jobs[0].uid]
                    == RegistrationPlan.remoteUID(lineageHash: hash, localUID: jobs[0].uid))

            let text = try await RoarBinary.run(["register", "-y"], in: project.root, environment: environment)
            #expect(text.status == 0)
            #expect(text.stdout.contains("already registered"))
            #expect(text.stdout.contains(hash))
            #expect(try project.store.registrations().count == 1)

            // Another project that never recorded these jobs asks the registry.
            let reader = try Self.project(registry.url)
            let model = jobs[3].outputs[0]
            let shown = try Self.json(
                try await RoarBinary.run(["show", String(model.digest.prefix(16)), "--json"], in: reader.root, environment: Self.environment(reader)))
            #expect(shown["source"]?.stringValue == "registry")
            #expect(shown["digest"]?.stringValue == model.digest)
            #expect(shown["lineage"]?.stringValue == hash)
            #expect(shown["produced_by"]?["command"]?.stringValue == "python step.py chain 4")
            let human = try await RoarBinary.run(["show", String(model.digest.prefix(16))], in: reader.root, environment: Self.environment(reader))
            #expect(human.stdout.contains("python step.py chain 4"))
            #expect(human.stdout.contains(registry.url))

            let upstream = try await RoarBinary.run(["lineage", model.digest, "--remote"], in: reader.root, environment: Self.environment(reader))
            #expect(upstream.status == 0)
            #expect(upstream.stdout.contains("python step.py chain 1"))
            #expect(upstream.stdout.contains("(source)"))

            let whole = try Self.json(try await RoarBinary.run(["show", hash, "--json"], in: reader.root, environment: Self.environment(reader)))
            #expect(whole["kind"]?.stringValue == "lineage")
            #expect(whole["jobs"]?.arrayValue?.count == 4)
        }
    }

    @Test func registerOfATargetPublishesOnlyItsUpstream() async throws {
        try await GlaasProcess.with { registry in
            let project = try Self.project(registry.url)
            let first = try project.recordChain(3, tag: "a")
            try project.recordChain(2, tag: "b")
            let registered = try Self.json(
                try await RoarBinary.run(
                    ["register", first[1].outputs[0].path, "-y", "--json"], in: project.root, environment: Self.environment(project)))
            #expect(registered["jobs"]?.int64Value == 2)
            #expect(registered["target"]?.stringValue == first[1].outputs[0].path)
            let step = try Self.json(
                try await RoarBinary.run(["register", "@5", "--dry-run", "--json"], in: project.root, environment: Self.environment(project)))
            #expect(step["jobs"]?.arrayValue?.compactMap { $0["command"]?.stringValue } == ["python step.py b 1", "python step.py b 2"])
        }
    }

    @Test func badArgumentsAreOneLineAndANonZeroExit() async throws {
        let refusing = try HeldPort.refusing()
        let project = try Self.project("http://127.0.0.1:\(refusing.port)")
        try project.recordChain(1)
        let environment = Self.environment(project)
        for arguments in [
            ["register", "--public", "--private"], ["register", "no-such-file.txt", "-y"], ["register", "@9", "-y"],
            ["show", "0123456789abcdef", "--remote"], ["register", "--anonymous", "--private"],
        ] {
            let result = try await RoarBinary.run(arguments, in: project.root, environment: environment)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        let unconfigured = try ProjectFixture()
        try unconfigured.recordChain(1)
        let result = try await RoarBinary.run(["register", "-y"], in: unconfigured.root, environment: Self.environment(unconfigured))
        #expect(result.status != 0)
        #expect(result.stderr.contains("glaas.url"))
    }
}
