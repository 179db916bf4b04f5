import Testing

@testable import RoarEnvironment

@Suite struct EnvironmentVariableTests {
    private let environment = [
        "PATH": "/usr/bin:/bin",
        "OMP_NUM_THREADS": "4",
        "TORCH_HOME": "/data/torch",
        "LR": "0.05",
        "AWS_SECRET_ACCESS_KEY": "abc",
        "GITHUB_TOKEN": "ghp_x",
        "DATABASE_URL": "postgres://u:p@h/db",
        "TORCH_AUTH_KEY": "k",
        "EDITOR": "vim",
        "PYTHONPATH": "/x:https://user:pw@example.com/simple",
    ]

    @Test func allowlistedSecretAndOtherVariables() {
        let variables = EnvironmentVariable.capture(environment)
        #expect(variables.map(\.name) == environment.keys.sorted())
        let byName = Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0) })
        #expect(byName["PATH"] == EnvironmentVariable(name: "PATH", value: "/usr/bin:/bin", redacted: false))
        #expect(byName["OMP_NUM_THREADS"]?.value == "4")
        #expect(byName["TORCH_HOME"]?.value == "/data/torch")
        for secret in ["AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "DATABASE_URL", "TORCH_AUTH_KEY", "PYTHONPATH"] {
            #expect(byName[secret] == EnvironmentVariable(name: secret, value: nil, redacted: true), "\(secret)")
        }
        #expect(byName["LR"] == EnvironmentVariable(name: "LR", value: nil, redacted: false))
        #expect(byName["EDITOR"] == EnvironmentVariable(name: "EDITOR", value: nil, redacted: false))
    }

    @Test func callerCanAllowMoreNames() {
        let variables = EnvironmentVariable.capture(environment, allow: ["LR", "EDI*", "GITHUB_TOKEN"])
        let byName = Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0) })
        #expect(byName["LR"]?.value == "0.05")
        #expect(byName["EDITOR"]?.value == "vim")
        #expect(byName["GITHUB_TOKEN"]?.redacted == true, "secrets stay redacted even when allowed")
        #expect(byName["GITHUB_TOKEN"]?.value == nil)
    }

    @Test func urlPasswordDetection() {
        #expect(EnvironmentVariable.containsURLPassword("postgres://u:p@h/db"))
        #expect(EnvironmentVariable.containsURLPassword("a,redis://:secret@cache:6379/0"))
        #expect(!EnvironmentVariable.containsURLPassword("https://user@example.com/x"))
        #expect(!EnvironmentVariable.containsURLPassword("https://example.com/a@b"))
        #expect(!EnvironmentVariable.containsURLPassword("/usr/bin:/bin"))
        #expect(EnvironmentVariable.isSecret(name: "my_api_key", value: ""))
    }
}
