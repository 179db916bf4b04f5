import CBLAKE3

extension BLAKE3 {
    /// An implementation level of the compression kernels, chosen at run time by default.
    ///
    /// All levels compute the same hash; forcing one (``Hasher/kernel``) is for tests and
    /// benchmarks. A level the CPU lacks falls back to the best one below it.
    public enum Kernel: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
        /// Plain C, one block at a time.
        case portable = 1
        /// SSE4.1: four chunks or parents at once, and row-wise single blocks.
        case sse41 = 2
        /// AVX2: eight chunks or parents at once.
        case avx2 = 3
        /// AVX-512F: sixteen chunks or parents at once.
        case avx512 = 4

        /// The best level this CPU and OS support.
        public static var detected: Kernel {
            Kernel(rawValue: Int(cblake3_detected_kernel())) ?? .portable
        }

        /// Every level that runs natively here, lowest first.
        public static var available: [Kernel] {
            allCases.filter { $0 <= detected }
        }

        /// How many inputs this level hashes in parallel.
        public var degree: Int { Int(cblake3_simd_degree(Int32(rawValue))) }

        /// The level's name.
        public var description: String {
            switch self {
            case .portable: return "portable"
            case .sse41: return "sse4.1"
            case .avx2: return "avx2"
            case .avx512: return "avx512"
            }
        }

        /// Orders levels from portable to the widest.
        public static func < (lhs: Kernel, rhs: Kernel) -> Bool { lhs.rawValue < rhs.rawValue }
    }
}
