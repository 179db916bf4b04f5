import Foundation
import LineageModel
import Testing

@testable import RoarKit

/// `roar config`: keys read and written as roar-cli names them, values checked before saving.
@Suite(.timeLimit(.minutes(2)))
struct ConfigurationTests {
    @Test func keysReadAndWriteTheConfiguration() throws {
        var configuration = RoarConfiguration.default
        try configuration.set("glaas.url", to: "http://127.0.0.1:8000/")
        #expect(configuration.glaasURL == "http://127.0.0.1:8000")
        try configuration.set("ignore", to: "data/raw, logs ,")
        #expect(configuration.ignore == ["data/raw", "logs"])
        try configuration.set("environment_allowlist", to: "LR,SEED")
        #expect(try configuration.value(for: "environment_allowlist") == .array(["LR", "SEED"]))
        try configuration.set("glaas.url", to: "")
        #expect(configuration.glaasURL == nil)
        #expect(try configuration.value(for: "glaas.url") == .null)
    }

    @Test func badKeysAndValuesAreRefusedAndChangeNothing() throws {
        var configuration = RoarConfiguration.default
        #expect(throws: RoarError.self) { try configuration.set("glaas.uri", to: "x") }
        #expect(throws: RoarError.self) { try configuration.set("glaas.url", to: "ftp://example.org") }
        #expect(throws: RoarError.self) { try configuration.set("glaas.url", to: "not a url") }
        #expect(throws: RoarError.self) { try configuration.set("scratch_prefixes", to: "/tmp,relative") }
        #expect(throws: RoarError.self) { try configuration.value(for: "nope") }
        #expect(configuration == .default)
    }

    @Test(.enabled(if: RoarBinary.available, "the roar executable is built"))
    func theCommandSetsGetsAndLists() throws {
        let fixture = try ProjectFixture()
        let set = try RoarBinary.run(["config", "set", "glaas.url", "https://glaas.example.org"], in: fixture.root)
        #expect(set.status == 0)
        #expect(try RoarBinary.run(["config", "get", "glaas.url"], in: fixture.root).stdout == "https://glaas.example.org\n")
        #expect(try RoarConfiguration.load(fixture.project).glaasURL == "https://glaas.example.org")
        let list = try JSONParser.parse(try RoarBinary.run(["config", "list", "--json"], in: fixture.root).stdout)
        #expect(list["glaas.url"]?.stringValue == "https://glaas.example.org")
        #expect(list["scratch_prefixes"]?.arrayValue?.count == 3)
        #expect(try RoarBinary.run(["config", "list"], in: fixture.root).stdout.contains("glaas.url"))

        let bad = try RoarBinary.run(["config", "set", "glaas.url", "ftp://x"], in: fixture.root)
        #expect(bad.status != 0)
        #expect(bad.stderr.split(separator: "\n").count == 1)
        #expect(try RoarConfiguration.load(fixture.project).glaasURL == "https://glaas.example.org", "a refused value changes nothing")
        #expect(try RoarBinary.run(["config", "get", "nope"], in: fixture.root).status != 0)
    }
}
