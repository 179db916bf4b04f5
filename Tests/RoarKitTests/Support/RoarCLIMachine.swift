import Foundation
import Glibc
import RoarKit

/// roar-cli 0.4.7 (the venv scripts/test.sh installs at `.build-venv/roar-cli`, or
/// `$ROAR_CLI_VENV`) and a `glaas serve` child, in a work directory under /var/tmp (roar-cli
/// ignores I/O under /tmp). Each "machine" is a HOME whose git rewrites the shared https
/// remote to a local bare repository.
final class RoarCLIMachine: @unchecked Sendable {
    static var venv: String {
        if let path = ProcessInfo.processInfo.environment["ROAR_CLI_VENV"], !path.isEmpty { return path }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.appendingPathComponent(".build-venv/roar-cli").path
    }

    static var glaas: String {
        if let path = ProcessInfo.processInfo.environment["GLAAS_BINARY"], !path.isEmpty { return path }
        return (RoarBinary.path as NSString).deletingLastPathComponent + "/glaas"
    }

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: venv + "/bin/roar") && FileManager.default.isExecutableFile(atPath: glaas) && RoarBinary.available
    }

    static let remoteURL = "https://git.example.test/demo.git"

    let work: String
    let url: String
    let server = Process()

    init() throws {
        var template = Array("/var/tmp/roar-recipes-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        work = String(cString: made)
        let port = Int.random(in: 20_000..<60_000)
        url = "http://127.0.0.1:\(port)"
        server.executableURL = URL(fileURLWithPath: Self.glaas)
        server.arguments = ["serve", "--port", String(port), "--database", work + "/registry.sqlite", "--log-level", "warning"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // A pushes to the bare repository and records the https URL (git reports a fetch URL
        // rewritten by insteadOf, so A rewrites pushes only); B fetches from it.
        for name in ["A", "B"] {
            let home = work + "/home" + name
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try Data("""
                [user]
                    email = \(name)@example.com
                    name = \(name)
                [init]
                    defaultBranch = main
                [url "\(work)/remote.git"]
                    \(name == "A" ? "pushInsteadOf" : "insteadOf") = \(Self.remoteURL)
                """.utf8).write(to: URL(fileURLWithPath: home + "/.gitconfig"))
        }
    }

    deinit {
        if server.isRunning {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: work)
    }

    /// Waits (at most 60 s) until the server answers /health.
    func waitUntilReady() async throws {
        for _ in 0..<600 {
            if (try? Data(contentsOf: URL(string: url + "/api/v1/health")!)) != nil { return }
            guard server.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RoarError.failed("glaas at \(url) did not start")
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
    func run(_ argv: [String], in directory: String, machine name: String = "A") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment(name)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw RoarError.failed("\(argv.joined(separator: " ")) failed: \(output)") }
        return output
    }
}
