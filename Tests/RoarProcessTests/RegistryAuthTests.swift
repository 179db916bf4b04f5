import Foundation
import GLaaSClient
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// Signed publishing: a key the registry accepts publishes as its user (public or private);
/// an unknown key falls back to anonymous, as roar-cli does; `roar auth status|key` say which.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct RegistryAuthTests {
    @Test func acceptedKeyPublishesAsItsUserPubliclyAndPrivately() async throws {
        try await GlaasProcess.with { registry in
            let key = try SSHKeyFiles(type: "ed25519")
            try await GlaasCommand.addUser("alice", publicKeyFile: key.publicKey, database: registry.database)
            let project = try RegisterCommandTests.project(registry.url)
            let jobs = try project.recordChain(2, tag: "pub")
            let secret = try project.recordChain(1, tag: "secret")
            let environment = RegisterCommandTests.environment(project, ["ROAR_SSH_KEY": key.privateKey])

            let status = try RegisterCommandTests.json(
                try await RoarBinary.run(["auth", "status", "--json"], in: project.root, environment: environment))
            #expect(status["reachable"]?.boolValue == true)
            #expect(status["accepted"]?.boolValue == true)
            let identity = try #require(status["creator_identity"]?.stringValue)
            #expect(identity.hasPrefix("glaas:user:"))
            let printed = try RegisterCommandTests.json(
                try await RoarBinary.run(["auth", "key", "--json"], in: project.root, environment: environment))
            #expect(
                printed["public_key"]?.stringValue
                    == (try String(contentsOfFile: key.publicKey, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines))

            let published = try RegisterCommandTests.json(
                try await RoarBinary.run(
                    ["register", jobs[1].outputs[0].path, "--public", "--json"], in: project.root, environment: environment))
            #expect(published["creator_identity"]?.stringValue == identity)
            #expect(published["visibility"]?.stringValue == "public")
            let plan = RegistrationPlan(
                selection: try RegistrationSelection.select(jobs[1].outputs[0].path, store: project.store, workingDirectory: project.root),
                creatorIdentity: identity)
            #expect(published["lineage_hash"]?.stringValue == plan.lineageHash)

            let hidden = try RegisterCommandTests.json(
                try await RoarBinary.run(
                    ["register", secret[0].outputs[0].path, "--private", "--json"], in: project.root, environment: environment))
            #expect(hidden["visibility"]?.stringValue == "private")
            let reader = try RegisterCommandTests.project(registry.url)
            let anonymous = try await RoarBinary.run(
                ["show", secret[0].outputs[0].digest, "--remote"], in: reader.root, environment: RegisterCommandTests.environment(reader))
            #expect(anonymous.status != 0)
            let visible = try await RoarBinary.run(
                ["show", jobs[1].outputs[0].digest, "--remote"], in: reader.root, environment: RegisterCommandTests.environment(reader))
            #expect(visible.status == 0)
        }
    }

    @Test func unknownKeyPublishesAnonymouslyAndCannotPublishPrivately() async throws {
        try await GlaasProcess.with { registry in
            let key = try SSHKeyFiles(type: "rsa")
            let project = try RegisterCommandTests.project(registry.url)
            try project.recordChain(2)
            let environment = RegisterCommandTests.environment(project, ["ROAR_SSH_KEY": key.privateKey])
            let status = try RegisterCommandTests.json(
                try await RoarBinary.run(["auth", "status", "--json"], in: project.root, environment: environment))
            #expect(status["accepted"]?.boolValue == false)
            let privately = try await RoarBinary.run(["register", "--private", "-y"], in: project.root, environment: environment)
            #expect(privately.status != 0)
            #expect(privately.stderr.contains("does not accept"))
            let published = try RegisterCommandTests.json(
                try await RoarBinary.run(["register", "-y", "--json"], in: project.root, environment: environment))
            #expect(published["creator_identity"]?.stringValue == "anonymous")
        }
    }
}
