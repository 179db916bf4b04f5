import Foundation
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar config` through the executable: set, get, list, and a refused value.
@Suite(.enabled(if: RoarBinary.available, RoarBinary.unavailableReason), .timeLimit(.minutes(2)))
struct ConfigCommandTests {
    @Test func theCommandSetsGetsAndLists() async throws {
        let fixture = try ProjectFixture()
        let set = try await RoarBinary.run(["config", "set", "glaas.url", "https://glaas.example.org"], in: fixture.root)
        #expect(set.status == 0)
        #expect(try await RoarBinary.run(["config", "get", "glaas.url"], in: fixture.root).stdout == "https://glaas.example.org\n")
        #expect(try RoarConfiguration.load(fixture.project).glaasURL == "https://glaas.example.org")
        let list = try JSONParser.parse(try await RoarBinary.run(["config", "list", "--json"], in: fixture.root).stdout)
        #expect(list["glaas.url"]?.stringValue == "https://glaas.example.org")
        #expect(list["scratch_prefixes"]?.arrayValue?.count == 3)
        #expect(try await RoarBinary.run(["config", "list"], in: fixture.root).stdout.contains("glaas.url"))

        let bad = try await RoarBinary.run(["config", "set", "glaas.url", "ftp://x"], in: fixture.root)
        #expect(bad.status != 0)
        #expect(bad.stderr.split(separator: "\n").count == 1)
        #expect(try RoarConfiguration.load(fixture.project).glaasURL == "https://glaas.example.org", "a refused value changes nothing")
        #expect(try await RoarBinary.run(["config", "get", "nope"], in: fixture.root).status != 0)
    }
}
