import Testing

@testable import BLAKE3Hashing

/// The official test vectors' inputs (byte i = i % 251), key and context, against b3sum.
@Suite struct TestVectorTests {
    static let lengths = [0, 1, 1023, 1024, 1025, 2048, 3072, 7168, 8193, 31_744, 102_400]
    static let key = Array("whats the Elvish word for friend".utf8)
    static let context = "BLAKE3 2019-12-27 16:29:52 test vectors context"

    @Test(.enabled(if: B3Sum.available, B3Sum.unavailableReason), arguments: lengths)
    func hashKeyedAndDeriveKeyMatchB3Sum(length: Int) throws {
        let input = TestData.pattern251(count: length)
        try TestData.withTemporaryFile(input) { path in
            let plain = try B3Sum.hash(file: path, length: 131)
            let keyed = try B3Sum.hash(file: path, length: 131, key: Self.key)
            let derived = try B3Sum.hash(file: path, length: 131, deriveKey: Self.context)
            #expect(BLAKE3.hash(input, outputLength: 131).hex == plain)
            #expect(try BLAKE3.keyedHash(key: Self.key, input, outputLength: 131).hex == keyed)
            #expect(BLAKE3.deriveKey(context: Self.context, material: input, outputLength: 131).hex == derived)
        }
    }

    @Test(.enabled(if: B3Sum.available, B3Sum.unavailableReason)) func keyedFileHashingMatchesB3Sum() throws {
        let input = TestData.pseudoRandom(count: 300_000 + 3)
        try TestData.withTemporaryFile(input) { path in
            let keyed = try BLAKE3.Hasher(key: Self.key)
            let expected = try B3Sum.hash(file: path, key: Self.key)
            #expect(try BLAKE3.hashFile(at: path, like: keyed, threads: 1).hex == expected)
            #expect(try BLAKE3.hashFile(at: path, like: keyed, threads: 3, pieceChunks: 4, outputLength: 32).hex == expected)
        }
    }

    @Test func keysMustBe32Bytes() {
        #expect(throws: BLAKE3.HashError.invalidKeyLength(31)) {
            try BLAKE3.Hasher(key: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: BLAKE3.HashError.invalidKeyLength(33)) {
            try BLAKE3.keyedHash(key: [UInt8](repeating: 1, count: 33), [1, 2, 3])
        }
    }
}
