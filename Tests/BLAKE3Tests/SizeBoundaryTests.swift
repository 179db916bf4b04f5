import Testing

@testable import BLAKE3Hashing

/// Every size where the tree changes shape, against b3sum.
@Suite struct SizeBoundaryTests {
    static let sizes = [
        0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 2049, 4096, 4097, 16385,
        1 << 20, 5_000_000 + 17,
    ]

    @Test(.enabled(if: B3Sum.available, B3Sum.unavailableReason), arguments: sizes)
    func oneShotAndFilesMatchB3Sum(size: Int) throws {
        let bytes = TestData.pseudoRandom(count: size, seed: UInt64(size))
        try TestData.withTemporaryFile(bytes) { path in
            let expected = try B3Sum.hash(file: path)
            #expect(expected.count == 64)
            #expect(BLAKE3.hash(bytes).hex == expected)
            #expect(try BLAKE3.hashFile(at: path, threads: 1).hex == expected)
            #expect(try BLAKE3.hashFile(at: path, threads: 2).hex == expected)
            var hasher = BLAKE3.Hasher()
            try hasher.updateFile(at: path)
            #expect(hasher.finalize().hex == expected)
        }
    }

    @Test func emptyInputIsTheSpecValue() {
        #expect(BLAKE3.hash([UInt8]()).hex == "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")
    }
}
