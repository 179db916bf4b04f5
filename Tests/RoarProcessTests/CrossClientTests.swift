import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// A lineage registered by our `roar register` is read by the real roar-cli 0.4.7
/// (`roar show HASH --remote` on another HOME): the protocol is the same in both directions.
/// roar-cli comes from `$ROAR_CLI_VENV`, else the venv scripts/test.sh makes (.build-venv/roar-cli).
@Suite(
    .timeLimit(.minutes(5)), .enabled(if: RoarBinary.available, RoarBinary.unavailableReason),
    .enabled(if: GlaasProcess.available, GlaasProcess.unavailableReason),
    .enabled(if: RoarCLI.path != nil, "needs roar-cli 0.4.7 in .build-venv/roar-cli or $ROAR_CLI_VENV (scripts/test.sh installs it)"))
struct CrossClientTests {
    @Test func roarCLIShowsALineageWeRegistered() async throws {
        try await GlaasProcess.with { registry in
            let project = try RegisterCommandTests.project(registry.url)
            let jobs = try project.recordChain(3, tag: "cross")
            let registered = try RegisterCommandTests.json(
                try await RoarBinary.run(["register", "-y", "--json"], in: project.root, environment: RegisterCommandTests.environment(project)))
            let hash = try #require(registered["lineage_hash"]?.stringValue)
            let model = jobs[2].outputs[0].digest
            let remoteUID = RegistrationPlan.remoteUID(lineageHash: hash, localUID: jobs[2].uid)

            // Another machine: its own HOME and working directory, outside our project (whose .roar/
            // roar-cli would otherwise find by walking up).
            let machine = NSTemporaryDirectory() + "roar-cli-machine-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: machine) }
            let home = machine + "/home"
            let directory = machine + "/work"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let environment = ChildProcess.environment([
                "ROAR_SSH_KEY": "", "ROAR_GLAAS__URL": "", "HOME": home, "GLAAS_URL": registry.url, "DO_NOT_TRACK": "1", "ROAR_NO_TELEMETRY": "1",
            ])
            let show = try await ChildProcess.run(
                [try #require(RoarCLI.path), "show", String(model.prefix(16)), "--remote"], environment: environment, workingDirectory: directory,
                combineOutput: true)
            let text = show.stdout
            #expect(show.status == 0, "\(text)")
            #expect(text.contains(model), "\(text)")
            #expect(text.contains(remoteUID), "\(text)")
            #expect(text.contains("python step.py cross 3"), "\(text)")
        }
    }
}

/// The roar-cli 0.4.7 executable: `$ROAR_CLI_VENV/bin/roar`, else the venv scripts/test.sh makes.
enum RoarCLI {
    static var path: String? {
        let root = BuiltProducts.packageRoot.path
        let venv = ProcessInfo.processInfo.environment["ROAR_CLI_VENV"].flatMap { $0.isEmpty ? nil : $0 } ?? root + "/.build-venv/roar-cli"
        let path = venv + "/bin/roar"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
