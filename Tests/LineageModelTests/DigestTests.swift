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

    @Test(arguments: [
        ("blake3", String(repeating: "a", count: 63)),
        ("blake3", String(repeating: "g", count: 64)),
        ("sha256", ""),
        ("", String(repeating: "a", count: 64)),
        ("bad algo", String(repeating: "a", count: 64)),
        ("etag", String(repeating: "a", count: 32) + "-"),
        ("custom", "abc"),
    ])
    func rejectsInvalidDigests(algorithm: String, hex: String) {
        #expect(throws: LineageModelError.self) { try Digest(algorithm: algorithm, hex: hex) }
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
        #expect(throws: LineageModelError.self) { try DigestPrefix("1237c10") }
        #expect(throws: LineageModelError.self) { try DigestPrefix("1237c10z") }
        #expect(try DigestPrefix("abcdef01").upperBound == "abcdef01g")
    }
}
