import Foundation
import GLaaSClient
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// A registry that is down, hangs, or loses the client half way: one clear error line, a
/// non-zero exit, nothing recorded locally or visible remotely, and a later register completes.
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason))
struct RegistryFaultTests {
    @Test func downAndSilentRegistriesFailCleanlyAndALaterRegisterCompletes() async throws {
        let silent = try HeldPort.silent()
        let refusing = try HeldPort.refusing()
        let project = try RegisterCommandTests.project("http://127.0.0.1:\(refusing.port)")
        try project.recordChain(3)
        let environment = RegisterCommandTests.environment(project, ["ROAR_GLAAS_TIMEOUT": "1"])

        let down = try await RoarBinary.run(["register", "-y"], in: project.root, environment: environment)
        #expect(down.status != 0)
        #expect(down.stderr.split(separator: "\n").count == 1)
        #expect(down.stderr.contains("unreachable"))

        try project.write(".roar/config.json", #"{"glaas_url": "http://127.0.0.1:\#(silent.port)"}"#)
        // roar gives up by itself (ROAR_GLAAS_TIMEOUT); the bound only keeps a hang from stalling the run.
        let hung = try await RoarBinary.run(["register", "-y"], in: project.root, environment: environment, timeout: .seconds(60))
        #expect(hung.status != 0)
        #expect(hung.stderr.split(separator: "\n").count == 1)
        #expect(hung.stderr.contains("did not answer within 1 s"))
        #expect(try project.store.registrations().isEmpty)
        silent.close()
        refusing.close()

        try await GlaasProcess.with { registry in
            try project.write(".roar/config.json", #"{"glaas_url": "\#(registry.url)"}"#)
            let completed = try RegisterCommandTests.json(
                try await RoarBinary.run(["register", "-y", "--json"], in: project.root, environment: environment))
            #expect(completed["already_registered"]?.boolValue == false)
            #expect(try project.store.registrations().count == 1)
        }
    }

    @Test func aRegisterKilledHalfWayLeavesNothingVisible() async throws {
        try await GlaasProcess.with { registry in
            let project = try RegisterCommandTests.project(registry.url)
            let jobs = try project.recordChain(300, extraOutputs: 2)
            let last = jobs[jobs.count - 1].outputs[0].digest

            let register = try ChildProcess(
                [RoarBinary.path, "register", "-y"], environment: ChildProcess.environment(RegisterCommandTests.environment(project)),
                workingDirectory: project.root)
            // Kill it once it has linked some jobs but not all (progress lines on stderr).
            let deadline = ContinuousClock.now + .seconds(120)
            while register.isRunning && !register.standardError.contains("linked 20/300") && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            register.signal(SIGKILL)
            let status = try await register.wait(timeout: .seconds(30))
            #expect(status == 128 + SIGKILL, "register finished before it could be killed: \(register.standardError)")
            #expect(try project.store.registrations().isEmpty)

            let client = RegistryClient(endpoint: try GLaaSEndpoint(baseURL: registry.url))
            #expect(try await client.artifact(last) == nil)
            #expect(try await client.artifact(jobs[0].outputs[0].digest) == nil)
            #expect(try await client.call(.GET, "/sessions?limit=10")["total"]?.int64Value == 0)

            let completed = try RegisterCommandTests.json(
                try await RoarBinary.run(["register", "-y", "--json"], in: project.root, environment: RegisterCommandTests.environment(project)))
            let hash = try #require(completed["lineage_hash"]?.stringValue)
            #expect(try await client.artifact(last)?["hash"]?.stringValue == last)
            #expect(try await client.reproduction(lineage: hash)?["jobs"]?.arrayValue?.count == 300)
        }
    }
}
