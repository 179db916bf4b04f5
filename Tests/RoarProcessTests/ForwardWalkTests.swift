import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar lineage --down` and `roar impact` with the `roar` executable: over the local store
/// (across sessions, bounded and saying so), then against a registry on SQLite and PostgreSQL
/// after `roar register`, where another user's private lineage stays out of sight.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(5)))
struct ForwardWalkTests {
    static func json(_ result: RoarBinary.Result) throws -> JSONValue {
        try RegisterCommandTests.json(result)
    }

    static func digests(_ list: JSONValue?, key: String = "digest") -> Set<String> {
        Set((list?.arrayValue ?? []).compactMap { $0[key]?.stringValue })
    }

    @Test func theLocalWalkCrossesSessionsAndSaysWhereItStopped() async throws {
        let fixture = try ProjectFixture()
        let pipeline = try BranchingPipeline(fixture)
        let environment = RegisterCommandTests.environment(fixture)
        func roar(_ arguments: [String]) async throws -> RoarBinary.Result {
            try await RoarBinary.run(arguments, in: fixture.root, environment: environment)
        }

        let walk = try Self.json(try await roar(["lineage", "raw.csv", "--down", "--json"]))
        #expect(walk["origin"]?.stringValue == "local")
        #expect(walk["truncated"]?.boolValue == false)
        #expect(
            (walk["jobs"]?.arrayValue ?? []).compactMap { $0["command"]?.stringValue }.sorted()
                == ["python features.py", "python prepare.py", "python stats.py", "python train.py"])
        #expect(Self.digests(walk["artifacts"]) == Set(["data.txt", "features.txt", "stats.txt", "model.txt"].map(pipeline.digest)))
        let train = try #require(walk["jobs"]?.arrayValue?.first { $0["command"]?.stringValue == "python train.py" })
        #expect(train["depth"]?.int64Value == 3)
        #expect(train["session"]?.int64Value != pipeline.jobs["prepare"]?.sessionID, "train was recorded in the second session")

        let text = try await roar(["lineage", "raw.csv", "--down"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("downstream of raw.csv  \(pipeline.digest("raw.csv").prefix(12))  (local store)"), "\(text.stdout)")
        #expect(text.stdout.contains("└─ @1 python prepare.py  (job \(pipeline.jobs["prepare"]?.uid ?? "?")"), "\(text.stdout)")
        #expect(text.stdout.contains("model.txt  \(pipeline.digest("model.txt").prefix(12))"), "\(text.stdout)")
        #expect(text.stdout.contains("4 jobs, 4 artifacts, depth 3"), "\(text.stdout)")

        let shallow = try await roar(["lineage", pipeline.digest("raw.csv"), "--down", "--depth", "2"])
        #expect(shallow.status == 0)
        #expect(shallow.stdout.contains("stopped at depth 2"), "\(shallow.stdout)")
        #expect(!shallow.stdout.contains("model.txt"), "\(shallow.stdout)")
        let capped = try Self.json(try await roar(["lineage", "raw.csv", "--down", "--limit", "3", "--json"]))
        #expect(capped["truncation"]?["node_limit"]?.boolValue == true)
        #expect((capped["jobs"]?.arrayValue?.count ?? 0) + (capped["artifacts"]?.arrayValue?.count ?? 0) == 3)
        #expect(capped["notes"]?.arrayValue?.first?.stringValue?.hasPrefix("node limit reached: 3 of at most 3") == true)

        let impact = try Self.json(try await roar(["impact", "raw.csv", "--json"]))
        #expect(Self.digests(impact["items"]) == Set([pipeline.digest("stats.txt"), pipeline.digest("model.txt")]))
        #expect(impact["complete"]?.boolValue == true)
        let impactText = try await roar(["impact", "data.txt"])
        #expect(impactText.stdout.contains("model.txt") && impactText.stdout.contains("made by @1 python train.py"), "\(impactText.stdout)")
        let leaf = try Self.json(try await roar(["impact", "model.txt", "--json"]))
        #expect(leaf["count"]?.int64Value == 0)

        for bad in [["lineage", "nothing.txt", "--down"], ["lineage", "raw.csv", "--down", "--depth", "101"], ["impact", "@1"]] {
            let result = try await roar(bad)
            #expect(result.status != 0, "\(bad)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(bad): \(result.stderr)")
        }
    }

    @Test(.enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
    func theRegistryWalksOnSQLite() async throws {
        try await GlaasProcess.with { registry in try await Self.registryScenario(registry) }
    }

    @Test(
        .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason),
        .enabled(if: StoreKind.postgresURL != nil, "needs GLAAS_TEST_POSTGRES_URL (scripts/test.sh starts a cluster)"))
    func theRegistryWalksOnPostgreSQL() async throws {
        try await GlaasProcess.with(database: try await StoreKind.makeScratchPostgresURL()) { registry in
            try await Self.registryScenario(registry)
        }
    }

    /// Public lineages registered anonymously are walked from another project; alice's private
    /// lineage reading the same data shows to her key only.
    static func registryScenario(_ registry: GlaasProcess) async throws {
        let owner = try RegisterCommandTests.project(registry.url)
        let pipeline = try BranchingPipeline(owner)
        let environment = RegisterCommandTests.environment(owner)
        for target in ["model.txt", "stats.txt"] {
            let registered = try await RoarBinary.run(["register", target, "-y", "--public"], in: owner.root, environment: environment)
            #expect(registered.status == 0, "\(registered.stderr)")
        }

        let key = try SSHKeyFiles(type: "ed25519")
        try await GlaasCommand.addUser("alice", publicKeyFile: key.publicKey, database: registry.database)
        let alice = try RegisterCommandTests.project(registry.url)
        try alice.write("data.txt", "1\n2\n3\n")
        let data = try #require(pipeline.files["data.txt"])
        let secret = try alice.store.record(
            LocalJob(
                id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: "run", command: "python secret.py", argv: ["python", "secret.py"],
                cwd: alice.root, startedAt: Date(), durationSeconds: 0.1, exitCode: 0, signal: nil, gitRepo: nil, gitCommit: nil, gitBranch: nil,
                gitClean: nil, metadata: "{}", inputs: [LocalFile(path: alice.path("data.txt"), digest: data.digest, size: data.size)],
                outputs: [LocalFile(path: alice.path("secret.txt"), digest: TestDigest.blake3("secret\n"), size: 7)], executables: [],
                processes: [], environment: nil, notes: []))
        try alice.write("secret.txt", "secret\n")
        let aliceEnvironment = RegisterCommandTests.environment(alice, ["ROAR_SSH_KEY": key.privateKey])
        let hidden = try await RoarBinary.run(["register", "secret.txt", "--private", "-y"], in: alice.root, environment: aliceEnvironment)
        #expect(hidden.status == 0, "\(hidden.stderr)")
        #expect(secret.outputs.count == 1)

        let reader = try RegisterCommandTests.project(registry.url)
        let readerEnvironment = RegisterCommandTests.environment(reader)
        let raw = pipeline.digest("raw.csv")
        let walk = try json(try await RoarBinary.run(["lineage", raw, "--down", "--json"], in: reader.root, environment: readerEnvironment))
        #expect(walk["origin"]?.stringValue == "registry")
        #expect(digests(walk["artifacts"]) == Set(["data.txt", "features.txt", "stats.txt", "model.txt"].map(pipeline.digest)))
        // Both registered lineages hold prepare: the walk meets it once in each.
        #expect(
            Set((walk["jobs"]?.arrayValue ?? []).compactMap { $0["command"]?.stringValue })
                == ["python features.py", "python prepare.py", "python stats.py", "python train.py"])
        #expect(walk["truncated"]?.boolValue == false)
        let text = try await RoarBinary.run(["lineage", String(raw.prefix(16)), "--down"], in: reader.root, environment: readerEnvironment)
        #expect(text.stdout.contains("(registry)") && text.stdout.contains("python train.py"), "\(text.stdout)")
        #expect(!text.stdout.contains("secret"), "\(text.stdout)")

        let shallow = try await RoarBinary.run(["lineage", raw, "--down", "--depth", "1"], in: reader.root, environment: readerEnvironment)
        #expect(shallow.stdout.contains("stopped at depth 1"), "\(shallow.stdout)")
        let capped = try json(
            try await RoarBinary.run(["lineage", raw, "--down", "--limit", "2", "--json"], in: reader.root, environment: readerEnvironment))
        #expect(capped["truncation"]?["node_limit"]?.boolValue == true)

        let impact = try json(try await RoarBinary.run(["impact", raw, "--json"], in: reader.root, environment: readerEnvironment))
        #expect(digests(impact["items"]) == Set([pipeline.digest("stats.txt"), pipeline.digest("model.txt")]))
        let paged = try json(try await RoarBinary.run(["impact", raw, "--limit", "1", "--json"], in: reader.root, environment: readerEnvironment))
        #expect(paged["count"]?.int64Value == 1)
        #expect(paged["complete"]?.boolValue == false)

        // The owner's project asks the registry with --remote; alice's key sees her private output.
        let remote = try json(try await RoarBinary.run(["impact", "raw.csv", "--remote", "--json"], in: owner.root, environment: environment))
        #expect(remote["origin"]?.stringValue == "registry")
        let hers = try json(try await RoarBinary.run(["impact", raw, "--json"], in: alice.root, environment: aliceEnvironment))
        #expect(digests(hers["items"]).contains(TestDigest.blake3("secret\n")), "the private output shows to its owner")
        #expect(!digests(impact["items"]).contains(TestDigest.blake3("secret\n")))
        // Another registered user, signing with his own key, does not see it either.
        let bobKey = try SSHKeyFiles(type: "ed25519")
        try await GlaasCommand.addUser("bob", publicKeyFile: bobKey.publicKey, database: registry.database)
        let bobEnvironment = RegisterCommandTests.environment(reader, ["ROAR_SSH_KEY": bobKey.privateKey])
        let his = try json(try await RoarBinary.run(["impact", raw, "--json"], in: reader.root, environment: bobEnvironment))
        #expect(digests(his["items"]) == digests(impact["items"]))
        let hisWalk = try json(
            try await RoarBinary.run(["lineage", pipeline.digest("data.txt"), "--down", "--json"], in: reader.root, environment: bobEnvironment))
        #expect(!digests(hisWalk["artifacts"]).contains(TestDigest.blake3("secret\n")))
        #expect(!(hisWalk["jobs"]?.arrayValue ?? []).contains { $0["command"]?.stringValue == "python secret.py" })
        let herArguments = ["lineage", pipeline.digest("data.txt"), "--down", "--remote", "--json"]
        let herWalk = try json(try await RoarBinary.run(herArguments, in: alice.root, environment: aliceEnvironment))
        #expect((herWalk["jobs"]?.arrayValue ?? []).contains { $0["command"]?.stringValue == "python secret.py" })
        #expect(!digests(walk["artifacts"]).contains(TestDigest.blake3("secret\n")))

        let unknown = try await RoarBinary.run(
            ["lineage", String(repeating: "ab", count: 32), "--down", "--remote"], in: reader.root, environment: readerEnvironment)
        #expect(unknown.status != 0 && unknown.stderr.split(separator: "\n").count == 1, "\(unknown.stderr)")
    }
}
