import Testing

@testable import LineageModel

struct DigestTests {
    @Test func acceptsKnownAlgorithmsAndNormalizesCase() throws {
        let digest = try Digest(algorithm: "BLAKE3", hex: String(repeating: "AB", count: 32))
        #expect(digest.algorithm == "blake3")
        #expect(digest.hex == String(repeating: "ab", count: 32))
        _ = try Digest(algorithm: "md5", hex: String(repeating: "0", count: 32))
        _ = try Digest(algorithm: "etag", hex: String(repeating: "f", count: 32) + "-12")
        _ = try Digest(algorithm: "sha512", hex: String(repeating: "1", count: 128))
    }

    /// (algorithm, hex, the message a client gets)
    @Test(arguments: [
        ("blake3", String(repeating: "a", count: 63), "invalid blake3 digest \"\(String(repeating: "a", count: 63))\""),
        ("blake3", String(repeating: "g", count: 64), "invalid blake3 digest \"\(String(repeating: "g", count: 64))\""),
        ("sha256", "", "invalid sha256 digest \"\""),
        ("", String(repeating: "a", count: 64), "unknown digest algorithm \"\""),
        ("bad algo", String(repeating: "a", count: 64), "unknown digest algorithm \"bad algo\""),
        ("etag", String(repeating: "a", count: 32) + "-", "invalid etag digest \"\(String(repeating: "a", count: 32))-\""),
        ("custom", "abc", "invalid custom digest \"abc\""),
    ])
    func rejectsInvalidDigests(algorithm: String, hex: String, message: String) {
        #expect(throws: LineageModelError.invalid(message)) { try Digest(algorithm: algorithm, hex: hex) }
    }

    @Test func canonicalDigestPrefersBLAKE3() throws {
        let sha = try Digest(algorithm: "sha256", hex: String(repeating: "1", count: 64))
        let blake = try Digest(algorithm: "blake3", hex: String(repeating: "2", count: 64))
        let composite = try Digest(algorithm: "composite-sha256", hex: String(repeating: "3", count: 64))
        #expect(Digest.canonical(of: [sha, blake]) == blake)
        #expect(Digest.canonical(of: [sha, composite]) == composite)
        #expect(Digest.canonical(of: [sha]) == sha)
    }

    @Test func prefixesNeedEightHexCharacters() throws {
        #expect(try DigestPrefix("1237C109").hex == "1237c109")
        #expect(throws: LineageModelError.invalid("a digest prefix needs at least 8 hex characters")) { try DigestPrefix("1237c10") }
        #expect(throws: LineageModelError.invalid("\"1237c10z\" is not a hex digest or digest prefix")) { try DigestPrefix("1237c10z") }
        #expect(try DigestPrefix("abcdef01").upperBound == "abcdef01g")
    }

    /// A whole multipart S3 ETag is a prefix of itself (found by fuzz-digest-prefix, whose
    /// property allowed only hex): its range holds it and nothing of the next part count.
    @Test func aWholeMultipartETagIsAPrefix() throws {
        let etag = try DigestPrefix("ABABABABABABABABABABABABABABABAB-12")
        #expect(etag.hex == "abababababababababababababababab-12")
        #expect(etag.hex < etag.upperBound && "abababababababababababababababab-13" > etag.upperBound)
        #expect(throws: LineageModelError.self) { try DigestPrefix("abababababababababababababababab-") }
        #expect(throws: LineageModelError.self) { try DigestPrefix("abab-12") }
    }
}
