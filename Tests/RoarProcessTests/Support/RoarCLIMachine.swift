import Foundation
import Glibc
import RoarKit
import TestSupport

/// roar-cli 0.4.7 (the venv scripts/test.sh installs at `.build-venv/roar-cli`, or
/// `$ROAR_CLI_VENV`) and a `glaas serve` child, in a work directory under /var/tmp (roar-cli
/// ignores I/O under /tmp). Each "machine" is a HOME whose git rewrites the shared https
/// remote to a local bare repository.
final class RoarCLIMachine: Sendable {
    static var venv: String {
        if let path = ProcessInfo.processInfo.environment["ROAR_CLI_VENV"], !path.isEmpty { return path }
        return BuiltProducts.packageRoot.appendingPathComponent(".build-venv/roar-cli").path
    }

    static var hasRoarCLI: Bool { FileManager.default.isExecutableFile(atPath: venv + "/bin/roar") }

    static let remoteURL = "https://git.example.test/demo.git"

    let work: String
    let server: GlaasProcess
    var url: String { server.url }

    /// Starts the registry (on `database`, default a SQLite file in the work directory, with
    /// `arguments` added to `glaas serve`) and makes the two machines; runs `body`; stops the
    /// registry and removes everything however `body` ends.
    static func with(database: String? = nil, arguments: [String] = [], _ body: (RoarCLIMachine) async throws -> Void) async throws {
        var template = Array("/var/tmp/roar-recipes-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("cannot make a work directory under /var/tmp") }
        let work = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await GlaasProcess.with(database: database ?? work + "/registry.sqlite", arguments: arguments) { server in
            let machine = RoarCLIMachine(work: work, server: server)
            try machine.makeHomes()
            try await body(machine)
        }
    }

    private init(work: String, server: GlaasProcess) {
        self.work = work
        self.server = server
    }

    /// A pushes to the bare repository and records the https URL (git reports a fetch URL
    /// rewritten by insteadOf, so A rewrites pushes only); B fetches from it.
    func makeHomes() throws {
        for name in ["A", "B"] {
            let home = work + "/home" + name
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try Data(
                """
                [user]
                    email = \(name)@example.com
                    name = \(name)
                [init]
                    defaultBranch = main
                [url "\(work)/remote.git"]
                    \(name == "A" ? "pushInsteadOf" : "insteadOf") = \(Self.remoteURL)
                """.utf8
            ).write(to: URL(fileURLWithPath: home + "/.gitconfig"))
        }
    }

    /// The environment of machine `name`: its HOME, the venv first on PATH, no telemetry.
    func environment(_ name: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["GLAAS_URL", "ROAR_GLAAS__URL", "ROAR_SSH_KEY"] { environment[key] = nil }
        environment["HOME"] = work + "/home" + name
        environment["PATH"] = Self.venv + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["DO_NOT_TRACK"] = "1"
        environment["ROAR_NO_TELEMETRY"] = "1"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        return environment
    }

    /// Runs `argv` (looked up on machine `name`'s PATH) in `directory`; output combined.
    @discardableResult
    func run(_ argv: [String], in directory: String, machine name: String = "A") async throws -> String {
        let child = try ChildProcess(argv, environment: environment(name), workingDirectory: directory, combineOutput: true)
        let status = try await child.wait(timeout: .seconds(300))
        guard status == 0 else { throw TestFailure("\(argv.joined(separator: " ")) failed (\(status)): \(child.standardOutput)") }
        return child.standardOutput
    }
}
