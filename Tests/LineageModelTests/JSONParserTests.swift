import Testing

@testable import LineageModel

struct JSONParserTests {
    @Test func parsesPythonExtensionsAndKeepsNumberKinds() throws {
        let value = try JSONParser.parse(
            #"{"a": NaN, "b": [Infinity, -Infinity], "c": 1, "d": 1.0, "e": 1e2, "f": 123456789012345678901234567890, "g": -0}"#)
        #expect(value["a"]?.doubleValue?.isNaN == true)
        #expect(value["b"] == .array([.double(.infinity), .double(-.infinity)]))
        #expect(value["c"] == .int(1))
        #expect(value["d"] == .double(1))
        #expect(value["e"] == .double(100))
        #expect(value["f"] == .bigInt("123456789012345678901234567890"))
        #expect(value["g"] == .int(0))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#"["\u00e9\ud83d\ude00\n\t\"\\\/", "\ud800x", "plain é"]"#)
        #expect(value == .array([.string("é😀\n\t\"\\/"), .string("\u{FFFD}x"), .string("plain é")]))
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        #expect(try JSONParser.parse(#"{"k": 1, "k": 2}"#) == .object(["k": .int(2)]))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"unterminated", "\"ctrl \u{01}\"",
        "[1] x", "{\"a\":1,}", "\"\\x\"", "\"\\u12\"", "+1", ".5",
    ])
    func rejectsMalformedInput(text: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
    }

    @Test func refusesDeepNestingInsteadOfCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONParser.Error.self) { try JSONParser.parse(deep) }
        #expect(error?.message == "JSON nested deeper than \(JSONParser.maximumDepth) levels")
        #expect(error?.offset == JSONParser.maximumDepth)
    }
}
