import Foundation
import Testing

@testable import BLAKE3Hashing

/// Multi-threaded file hashing (power-of-two pieces, merged parents) equals single-threaded.
@Suite struct FileHashingTests {
    /// Lengths around piece boundaries for pieces of 1, 2, 4 and 8 chunks.
    static let lengths = [
        1025, 2048, 2049, 3 * 1024, 4 * 1024, 5 * 1024 + 1, 8 * 1024, 8 * 1024 + 1,
        37 * 1024 + 5, 64 * 1024, 100_000,
    ]

    @Test(arguments: lengths)
    func parallelPiecesEqualSingleThreaded(length: Int) throws {
        let input = TestData.pseudoRandom(count: length, seed: UInt64(length) &* 31)
        try TestData.withTemporaryFile(input) { path in
            let single = try BLAKE3.hashFile(at: path, threads: 1)
            #expect(single == BLAKE3.hash(input))
            for pieceChunks in [1, 2, 4, 8] {
                for threads in [1, 2, 4] {
                    let parallel = try BLAKE3.hashFile(
                        at: path, like: BLAKE3.Hasher(), threads: threads, pieceChunks: pieceChunks,
                        outputLength: 32)
                    #expect(parallel == single, "pieces of \(pieceChunks) chunks, \(threads) threads")
                }
            }
            let long = try BLAKE3.hashFile(at: path, like: BLAKE3.Hasher(), threads: 2, pieceChunks: 2, outputLength: 200)
            #expect(long == BLAKE3.hash(input, outputLength: 200))
        }
    }

    @Test(.enabled(if: B3Sum.available, B3Sum.unavailableReason)) func defaultSplitOfALargeFileMatchesB3Sum() throws {
        let input = TestData.pseudoRandom(count: 3 << 20 | 123, seed: 5)
        try TestData.withTemporaryFile(input) { path in
            let expected = try B3Sum.hash(file: path)
            #expect(ParallelTree.shouldSplit(length: input.count, threads: 4))
            #expect(try BLAKE3.hashFile(at: path, threads: 4).hex == expected)
            #expect(try BLAKE3.hashFile(at: path, threads: 1).hex == expected)
        }
    }

    @Test func parallelInMemoryHashEqualsSingleThreaded() {
        let input = TestData.pseudoRandom(count: 2 << 20 | 1000, seed: 17)
        input.withUnsafeBytes { buffer in
            #expect(BLAKE3.hash(buffer, threads: 3) == BLAKE3.hash(input))
            #expect(BLAKE3.hash(buffer, threads: 2, outputLength: 77) == BLAKE3.hash(input, outputLength: 77))
            #expect(BLAKE3.hash(UnsafeRawBufferPointer(rebasing: buffer[0..<5000]), threads: 2) == BLAKE3.hash(input[0..<5000]))
        }
    }

    @Test func pieceSizesArePowersOfTwo() {
        for length in [0, 1, 1 << 20, 1 << 30, 5 << 30] {
            for threads in [1, 2, 16] {
                let chunks = ParallelTree.pieceChunks(length: length, threads: threads)
                #expect(chunks & (chunks - 1) == 0)
                #expect(ParallelTree.pieceChunkRange.contains(chunks))
            }
        }
    }

    @Test func manyFilesConcurrently() throws {
        let inputs = (0..<12).map { TestData.pseudoRandom(count: $0 * 7919 + $0 % 3, seed: UInt64($0)) }
        let paths = try inputs.map { try TestData.writeTemporaryFile($0) }
        defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
        let missing = paths[0] + ".missing"
        let results = BLAKE3.hashFiles(at: paths + [missing], maxConcurrency: 3)
        #expect(results.count == paths.count + 1)
        for (result, input) in zip(results, inputs) {
            #expect(try result.get() == BLAKE3.hash(input))
        }
        guard case .failure(.file(path: missing, operation: "open", errno: ENOENT)) = results.last else {
            Issue.record("expected ENOENT for the missing file, got \(String(describing: results.last))")
            return
        }
    }

    @Test func missingFileThrows() {
        #expect(throws: BLAKE3.HashError.file(path: "/nonexistent/blake3/input", operation: "open", errno: ENOENT)) {
            try BLAKE3.hashFile(at: "/nonexistent/blake3/input")
        }
    }

    @Test func nonRegularFilesAreStreamed() throws {
        #expect(try BLAKE3.hashFile(at: "/dev/null") == BLAKE3.hash([UInt8]()))
    }
}
