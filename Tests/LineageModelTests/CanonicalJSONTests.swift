import Testing

@testable import LineageModel

/// Expected strings are CPython's `json.dumps(value, sort_keys=True, separators=(",", ":"))`.
struct CanonicalJSONTests {
    @Test func escapesLikePythonEnsureASCII() {
        let value: JSONValue = .array([.string("café 漢字 😀"), .string("\"\\\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}/")])
        #expect(CanonicalJSON.string(value) == #"["caf\u00e9 \u6f22\u5b57 \ud83d\ude00","\"\\\n\r\t\b\f\u0001\u001f\u007f/"]"#)
    }

    @Test func sortsKeysByCodePoint() {
        let value: JSONValue = .object(["b": 1, "a": 2, "B": 3, "é": 4, "aa": 5, "😀": 6, "ｚ": 7])
        #expect(CanonicalJSON.string(value) == #"{"B":3,"a":2,"aa":5,"b":1,"\u00e9":4,"\uff5a":7,"\ud83d\ude00":6}"#)
    }

    @Test func spellsNumbersAndLiteralsLikePython() {
        let value: JSONValue = .array([
            .int(-3), .double(2.5), .double(1e-5), .double(100), .double(.nan), .double(-.infinity), .null, .bool(true),
            .bigInt("-123456789012345678901234567890"),
        ])
        #expect(CanonicalJSON.string(value) == "[-3,2.5,1e-05,100.0,NaN,-Infinity,null,true,-123456789012345678901234567890]")
    }
}
