import Foundation
import Testing

@testable import BLAKE3Hashing

/// Each SIMD kernel, forced, gives the portable kernel's result.
@Suite struct KernelTests {
    /// Sizes covering partial SIMD groups, batch edges (512 chunks) and partial chunks.
    static let lengths = [
        0, 1, 64, 1024, 3 * 1024, 4 * 1024 + 1, 9 * 1024 + 100, 128 * 1024, 129 * 1024 + 1, 300_001,
        512 * 1024, 1024 * 1024 + 1,
    ]

    static func digest(_ input: [UInt8], kernel: BLAKE3.Kernel, step: Int? = nil, keyed: Bool = false) -> BLAKE3.Digest {
        var hasher = keyed ? try! BLAKE3.Hasher(key: TestVectorTests.key) : BLAKE3.Hasher()
        hasher.kernel = kernel
        let step = step ?? max(1, input.count)
        for offset in stride(from: 0, to: input.count, by: step) {
            hasher.update(input[offset..<min(input.count, offset + step)])
        }
        return hasher.finalize(outputLength: 100)
    }

    @Test(arguments: BLAKE3.Kernel.allCases)
    func forcedKernelEqualsPortable(kernel: BLAKE3.Kernel) {
        for length in Self.lengths {
            let input = TestData.pseudoRandom(count: length, seed: UInt64(length) + 1)
            let portable = Self.digest(input, kernel: .portable)
            #expect(Self.digest(input, kernel: kernel) == portable, "\(kernel) length \(length)")
            #expect(Self.digest(input, kernel: kernel, step: 4097) == portable, "\(kernel) length \(length) streamed")
            #expect(Self.digest(input, kernel: kernel, keyed: true) == Self.digest(input, kernel: .portable, keyed: true))
        }
    }

    @Test(.enabled(if: B3Sum.available, B3Sum.unavailableReason), arguments: BLAKE3.Kernel.allCases)
    func forcedKernelInParallelFileHashing(kernel: BLAKE3.Kernel) throws {
        let input = TestData.pseudoRandom(count: 45 * 1024 + 9, seed: 77)
        try TestData.withTemporaryFile(input) { path in
            var hasher = BLAKE3.Hasher()
            hasher.kernel = kernel
            let digest = try BLAKE3.hashFile(at: path, like: hasher, threads: 2, pieceChunks: 16, outputLength: 32)
            let expected = try B3Sum.hash(file: path)
            #expect(digest.hex == expected)
        }
    }

    @Test func kernelSelection() {
        #expect(BLAKE3.Hasher().kernel == nil)
        var hasher = BLAKE3.Hasher()
        hasher.kernel = .portable
        #expect(hasher.kernel == .portable)
        #expect(BLAKE3.Kernel.portable.degree == 1)
        #expect(BLAKE3.Kernel.available.contains(.portable))
        #expect(BLAKE3.Kernel.available.contains(BLAKE3.Kernel.detected))
        #if arch(x86_64)
            // The run-time detection agrees with what the kernel reports about the CPU.
            let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            if let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) {
                let set = Set(flags.split(separator: " ").map(String.init))
                let expected: BLAKE3.Kernel =
                    set.contains("avx512f") && set.contains("avx2")
                    ? .avx512 : set.contains("avx2") ? .avx2 : set.contains("sse4_1") ? .sse41 : .portable
                #expect(BLAKE3.Kernel.detected == expected)
                #expect(BLAKE3.Kernel.detected.degree == [.portable: 1, .sse41: 4, .avx2: 8, .avx512: 16][expected])
            }
        #endif
    }
}
