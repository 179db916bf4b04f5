import Foundation
import GLaaSClient
import LineageModel
import Testing

@testable import RoarKit

/// A registry that is down, hangs, or loses the client half way: one clear error line, a
/// non-zero exit, nothing recorded locally or visible remotely, and a later register completes.
@Suite(.timeLimit(.minutes(5)), .enabled(if: RoarBinary.available)) struct RegistryFaultTests {
    @Test func downAndSilentRegistriesFailCleanlyAndALaterRegisterCompletes() async throws {
        let silent = SilentListener()
        defer { silent.close() }
        let port = RegistryProcess.freePort()
        let project = try RegisterCommandTests.project("http://127.0.0.1:\(port)")
        try project.recordChain(3)
        let environment = RegisterCommandTests.environment(project, ["ROAR_GLAAS_TIMEOUT": "1"])

        let down = try RoarBinary.run(["register", "-y"], in: project.root, environment: environment)
        #expect(down.status != 0)
        #expect(down.stderr.split(separator: "\n").count == 1)
        #expect(down.stderr.contains("unreachable"))

        try project.write(".roar/config.json", #"{"glaas_url": "http://127.0.0.1:\#(silent.port)"}"#)
        let started = Date()
        let hung = try RoarBinary.run(["register", "-y"], in: project.root, environment: environment)
        #expect(hung.status != 0)
        #expect(hung.stderr.split(separator: "\n").count == 1)
        #expect(hung.stderr.contains("did not answer within 1 s"))
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(try project.store.registrations().isEmpty)

        let registry = try await RegistryProcess(port: port)
        try project.write(".roar/config.json", #"{"glaas_url": "\#(registry.url)"}"#)
        let completed = try RegisterCommandTests.json(try RoarBinary.run(["register", "-y", "--json"], in: project.root, environment: environment))
        #expect(completed["already_registered"]?.boolValue == false)
        #expect(try project.store.registrations().count == 1)
    }

    @Test func aRegisterKilledHalfWayLeavesNothingVisible() async throws {
        let registry = try await RegistryProcess()
        let project = try RegisterCommandTests.project(registry.url)
        let jobs = try project.recordChain(300, extraOutputs: 2)
        let last = jobs[jobs.count - 1].outputs[0].digest

        let process = Process()
        process.executableURL = URL(fileURLWithPath: RoarBinary.path)
        process.arguments = ["register", "-y"]
        process.currentDirectoryURL = URL(fileURLWithPath: project.root)
        process.environment = ProcessInfo.processInfo.environment.merging(RegisterCommandTests.environment(project)) { _, new in new }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Kill it once it has linked some jobs but not all (progress lines on stderr).
        var seen = ""
        while process.isRunning {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if seen.contains("linked 20/300") { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "register finished before it could be killed: \(seen)")
        #expect(try project.store.registrations().isEmpty)

        let client = RegistryClient(endpoint: try GLaaSEndpoint(baseURL: registry.url))
        #expect(try await client.artifact(last) == nil)
        #expect(try await client.artifact(jobs[0].outputs[0].digest) == nil)
        #expect(try await client.call(.GET, "/sessions?limit=10")["total"]?.int64Value == 0)

        let completed = try RegisterCommandTests.json(try RoarBinary.run(["register", "-y", "--json"], in: project.root, environment: RegisterCommandTests.environment(project)))
        let hash = try #require(completed["lineage_hash"]?.stringValue)
        #expect(try await client.artifact(last)?["hash"]?.stringValue == last)
        #expect(try await client.reproduction(lineage: hash)?["jobs"]?.arrayValue?.count == 300)
    }
}
