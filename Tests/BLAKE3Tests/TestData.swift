import Foundation
import TestSupport

/// Deterministic test inputs and the temporary files that hold them.
enum TestData {
    /// `count` pseudo-random bytes from a SplitMix64 stream seeded with `seed`.
    static func pseudoRandom(count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return generator.bytes(count)
    }

    /// The official test-vector input: byte i is i % 251.
    static func pattern251(count: Int) -> [UInt8] {
        (0..<count).map { UInt8($0 % 251) }
    }

    /// Writes `bytes` to a new temporary file, calls `body` with its path, then deletes it.
    static func withTemporaryFile<R>(_ bytes: [UInt8], _ body: (String) throws -> R) throws -> R {
        let path = try writeTemporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    /// Writes `bytes` to a new temporary file and returns its path; the caller deletes it.
    static func writeTemporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("blake3-test-\(UUID().uuidString).bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
