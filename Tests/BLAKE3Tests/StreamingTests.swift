import Testing

@testable import BLAKE3Hashing

/// Incremental hashing agrees with one-shot hashing however the input is cut.
@Suite struct StreamingTests {
    static let lengths = [0, 1, 64, 1024, 1025, 3 * 1024 + 7, 65_536, 200_003, 1 << 20]
    /// Update sizes, used in turn: odd, tiny, around blocks and chunks, and large.
    static let cuts = [1, 3, 63, 64, 65, 7, 1023, 1024, 1025, 2047, 4099, 31, 65_537, 130_000]

    @Test(arguments: lengths)
    func oddUpdateSizesEqualOneShot(length: Int) {
        let input = TestData.pseudoRandom(count: length, seed: 7)
        let expected = BLAKE3.hash(input)
        for start in 0..<4 {
            var hasher = BLAKE3.Hasher()
            var offset = 0
            var turn = start
            while offset < input.count {
                let end = min(input.count, offset + Self.cuts[turn % Self.cuts.count])
                hasher.update(input[offset..<end])
                offset = end
                turn += 1
            }
            #expect(hasher.count == UInt64(length))
            #expect(hasher.finalize() == expected)
        }
    }

    @Test func chunkAlignedUpdatesEqualOneShot() {
        let input = TestData.pseudoRandom(count: 96 * 1024, seed: 9)
        for step in [1024, 2048, 4096, 16_384, 32 * 1024] {
            var hasher = BLAKE3.Hasher()
            for offset in stride(from: 0, to: input.count, by: step) {
                hasher.update(input[offset..<min(input.count, offset + step)])
            }
            #expect(hasher.finalize() == BLAKE3.hash(input), "step \(step)")
        }
    }

    @Test func nonContiguousSequencesAndStrings() {
        let input = TestData.pseudoRandom(count: 40_000, seed: 11)
        var hasher = BLAKE3.Hasher()
        hasher.update(input.lazy.map { $0 })
        #expect(hasher.finalize() == BLAKE3.hash(input))
        #expect(BLAKE3.hash("abc") == BLAKE3.hash(Array("abc".utf8)))
        input.withUnsafeBytes { #expect(BLAKE3.hash($0) == BLAKE3.hash(input)) }
    }

    @Test func finalizeDoesNotConsumeAndCopiesFork() {
        let input = TestData.pseudoRandom(count: 5000, seed: 13)
        var hasher = BLAKE3.Hasher()
        hasher.update(input[0..<2500])
        let fork = hasher
        #expect(hasher.finalize() == BLAKE3.hash(input[0..<2500]))
        hasher.update(input[2500...])
        #expect(hasher.finalize() == BLAKE3.hash(input))
        #expect(fork.finalize() == BLAKE3.hash(input[0..<2500]))
        hasher.reset()
        #expect(hasher.count == 0)
        #expect(hasher.finalize() == BLAKE3.hash([UInt8]()))
    }
}
