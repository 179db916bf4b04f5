import Foundation
import LineageModel
import TestSupport
import Testing

/// The operator's side of the runtime role: `glaas migrate --runtime-role` as the owner, then
/// `glaas serve` as that role. Every PostgreSQL server the other suites start runs this way
/// (`GlaasProcess`); these are the refusals and the report.
@Suite(
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason),
    .enabled(if: StoreKind.postgresURL != nil, "needs GLAAS_TEST_POSTGRES_URL (scripts/test.sh starts a cluster)"), .timeLimit(.minutes(3)))
struct RuntimeRoleCommandTests {
    @Test func serveRefusesTheOwnerAndTheRuntimeRoleCannotAddUsers() async throws {
        let ownerURL = try await StoreKind.makeScratchPostgresURL()
        let owner = try await GlaasCommand.run(
            ["serve", "--host", "127.0.0.1", "--port", "0", "--database", ownerURL], timeout: .seconds(60))
        #expect(owner.status != 0)
        #expect(owner.stderr.contains("could drop its append-only triggers") && owner.stderr.contains("--allow-owner-role"), "\(owner.stderr)")

        let migrated = try await GlaasCommand.run(["migrate", "--database", ownerURL, "--runtime-role", PostgresRuntimeRole.name, "--json"])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let report = try JSONParser.parse(migrated.stdout)
        #expect(report["runtimeRole"] == .string(PostgresRuntimeRole.name))
        #expect(report["tls"] == .null)
        #expect(report["migrations"]?.arrayValue?.count ?? 0 >= 9, "\(migrated.stdout)")

        // The runtime role reads users and keys but cannot add one: an operator's command.
        let key = try SSHKeygenSigner(type: "ed25519")
        let runtimeURL = try PostgresRuntimeRole.url(forOwnerURL: ownerURL)
        let added = try await GlaasCommand.run(["users", "add", "mallory", "--key", key.privateKeyPath + ".pub", "--database", runtimeURL])
        #expect(added.status != 0)
        #expect(added.stderr.contains("permission denied") && !added.stderr.contains("PSQLError"), "\(added.stderr)")
        #expect(try await GlaasCommand.run(["users", "list", "--json", "--database", ownerURL]).stdout.contains("mallory") == false)
    }

    @Test func badRuntimeRoleRequestsAreOneLineAndChangeNothing() async throws {
        let ownerURL = try await StoreKind.makeScratchPostgresURL()
        let ownerRole = try #require(URLComponents(string: ownerURL)?.user)
        for name in ["Robert'); DROP TABLE labels;--", ownerRole] {
            let result = try await GlaasCommand.run(["migrate", "--database", ownerURL, "--runtime-role", name])
            #expect(result.status != 0, "\(name)")
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("cannot set up runtime role"), "\(result.stderr)")
        }
        let sqlite = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-role-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: sqlite) }
        let result = try await GlaasCommand.run(["migrate", "--database", sqlite, "--runtime-role", "glaas_app"])
        #expect(result.status != 0 && result.stderr.contains("for PostgreSQL stores"), "\(result.stderr)")
    }
}
