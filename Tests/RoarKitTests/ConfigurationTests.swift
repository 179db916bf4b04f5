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

    @Test func badKeysAndValuesAreRefusedAndChangeNothing() async throws {
        var configuration = RoarConfiguration.default
        await expectRoarError(.usage, containing: "unknown configuration key glaas.uri (known: ") { try configuration.set("glaas.uri", to: "x") }
        await expectRoarError(.usage, containing: "glaas.url must be an http:// or https:// URL, not ftp://example.org") {
            try configuration.set("glaas.url", to: "ftp://example.org")
        }
        await expectRoarError(.usage, containing: "glaas.url must be an http:// or https:// URL, not not a url") {
            try configuration.set("glaas.url", to: "not a url")
        }
        await expectRoarError(.usage, containing: "scratch_prefixes are absolute paths, not relative") {
            try configuration.set("scratch_prefixes", to: "/tmp,relative")
        }
        await expectRoarError(.usage, containing: "unknown configuration key nope (known: ") { try configuration.value(for: "nope") }
        #expect(configuration == .default)
    }
}
