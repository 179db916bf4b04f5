import Foundation
import Glibc
import LineageModel
import TestSupport
import Testing

/// A user's machine for the login tests: a HOME of its own (its logins in
/// `HOME/.config/roar/registries.json`), an SSH key or none, and a roar project configured
/// for the registry.
final class LoginMachine: Sendable {
    let home: String
    let project: ProjectFixture
    /// The private key roar signs with, "" for none.
    let key: String

    init(registry: String, key: String = "") throws {
        home = NSTemporaryDirectory() + "roar-login-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        project = try RegisterCommandTests.project(registry)
        self.key = key
    }

    deinit { try? FileManager.default.removeItem(atPath: home) }

    var environment: [String: String] { ["HOME": home, "XDG_CONFIG_HOME": "", "ROAR_SSH_KEY": key, "GLAAS_URL": ""] }

    /// Where roar keeps this machine's logins.
    var tokenFile: String { home + "/.config/roar/registries.json" }

    /// This machine's stored login for `registry`, nil when there is none.
    func storedLogin(_ registry: String) throws -> [String: JSONValue]? {
        guard let data = FileManager.default.contents(atPath: tokenFile) else { return nil }
        return try JSONParser.parse(Array(data))[registry]?.objectValue
    }

    /// Replaces this machine's logins with `entry` for `registry`.
    func store(_ entry: [String: JSONValue], for registry: String) throws {
        try FileManager.default.createDirectory(atPath: home + "/.config/roar", withIntermediateDirectories: true)
        try Data(CanonicalJSON.bytes([registry: .object(entry)])).write(to: URL(fileURLWithPath: tokenFile))
    }

    /// `roar ARGS` in the project.
    func roar(_ arguments: [String]) async throws -> RoarBinary.Result {
        try await RoarBinary.run(arguments, in: project.root, environment: environment, timeout: .seconds(120))
    }

    /// `roar ARGS --json`, which must succeed.
    func json(_ arguments: [String]) async throws -> JSONValue {
        try RegisterCommandTests.json(try await roar(arguments + ["--json"]))
    }

    /// `roar ARGS` left running (a `roar login` waiting for approval).
    func start(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess([RoarBinary.path] + arguments, environment: ChildProcess.environment(environment), workingDirectory: project.root)
    }

    /// The code a waiting `roar login` printed, read from its stderr as it appears.
    static func userCode(of login: ChildProcess, within limit: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let text = login.standardError
            if let range = text.range(of: "roar auth approve ") {
                let code = text[range.upperBound...].prefix { $0 != "`" && !$0.isWhitespace }
                if !code.isEmpty && text[range.upperBound...].dropFirst(code.count).hasPrefix("`") { return String(code) }
            }
            guard login.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("roar login printed no code to approve\(login.outputSummary)")
    }

    /// The permission bits of `path`.
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }
}
