import Testing

@testable import BLAKE3Hashing

/// Lowercase hex helpers and digest values.
@Suite struct HexTests {
    @Test func hexRoundTrips() {
        let bytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xAB, 0xFF]
        #expect(BLAKE3.hexString(bytes) == "00017f80abff")
        #expect(BLAKE3.bytes(fromHex: "00017f80abff") == bytes)
        #expect(BLAKE3.bytes(fromHex: "00017F80ABFF") == bytes)
        #expect(BLAKE3.hexString([UInt8]()) == "")
        #expect(BLAKE3.bytes(fromHex: "") == [])
    }

    @Test func invalidHexIsRejected() {
        #expect(BLAKE3.bytes(fromHex: "abc") == nil)
        #expect(BLAKE3.bytes(fromHex: "zz") == nil)
        #expect(BLAKE3.bytes(fromHex: "0g") == nil)
        #expect(BLAKE3.Digest(hex: "12 4") == nil)
    }

    @Test func digestsCompareAndPrintAsHex() {
        let digest = BLAKE3.hash("glaas")
        #expect(digest.count == 32)
        #expect(digest.description == digest.hex)
        #expect(digest.hex == digest.hex.lowercased())
        #expect(BLAKE3.Digest(hex: digest.hex) == digest)
        #expect(BLAKE3.Digest(hex: digest.hex.uppercased()) == digest)
        #expect(digest != BLAKE3.hash("glaaS"))
        #expect(digest != BLAKE3.hash("glaas", outputLength: 33))
        #expect(Set([digest, BLAKE3.hash("glaas")]).count == 1)
        #expect(digest.withUnsafeBytes { Array($0) } == digest.bytes)
    }
}
