import Testing

@testable import BLAKE3Hashing

/// Extended output (XOF) against `b3sum --length N`, and the output reader.
@Suite struct ExtendedOutputTests {
    static let outputLengths = [1, 31, 32, 33, 63, 64, 65, 128, 1000, 4099]

    @Test(.enabled(if: B3Sum.available, B3Sum.unavailableReason), arguments: [0, 1, 1025, 70_001])
    func lengthsMatchB3Sum(inputLength: Int) throws {
        let input = TestData.pseudoRandom(count: inputLength, seed: 3)
        try TestData.withTemporaryFile(input) { path in
            for length in Self.outputLengths {
                let expected = try B3Sum.hash(file: path, length: length)
                #expect(BLAKE3.hash(input, outputLength: length).hex == expected, "--length \(length)")
            }
            let expected = try B3Sum.hash(file: path, length: 100)
            #expect(try BLAKE3.hashFile(at: path, outputLength: 100).hex == expected)
        }
    }

    @Test func shorterOutputsArePrefixes() {
        let long = BLAKE3.hash("prefix", outputLength: 300)
        #expect(Array(long.bytes.prefix(32)) == BLAKE3.hash("prefix").bytes)
        #expect(BLAKE3.hash("prefix", outputLength: 0).bytes.isEmpty)
    }

    @Test func readerReadsInPiecesAndSeeks() {
        var hasher = BLAKE3.Hasher()
        hasher.update(TestData.pseudoRandom(count: 3000))
        let whole = hasher.finalize(outputLength: 1000).bytes
        var reader = hasher.outputReader()
        var pieces: [UInt8] = []
        for size in [1, 63, 64, 65, 7, 300, 500] { pieces += reader.read(count: size) }
        #expect(pieces == whole)
        #expect(reader.position == 1000)
        reader.seek(to: 129)
        #expect(reader.read(count: 200) == Array(whole[129..<329]))
        var buffer = [UInt8](repeating: 0, count: 77)
        buffer.withUnsafeMutableBytes { hasher.finalize(into: $0, seek: 900) }
        #expect(buffer == Array(whole[900..<977]))
    }
}
