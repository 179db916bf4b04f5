import Foundation
import LineageModel
import TestSupport
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
}
