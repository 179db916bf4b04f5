import BLAKE3Hashing
import Foundation

/// Digests for tests: 64-hex names derived from labels, and real BLAKE3 digests of text.
public enum TestDigest {
    /// A 64-hex digest derived from `label` (FNV-1a over `label#round`, four rounds), so tests
    /// can name artifacts: equal labels give equal digests, different labels different ones.
    public static func label(_ label: String) -> String {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        var output = ""
        for round in 0..<4 {
            for byte in "\(label)#\(round)".utf8 { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            output += String(format: "%016llx", state)
        }
        return output
    }

    /// The BLAKE3 hex digest of `text`: what roar records for a file holding it.
    public static func blake3(_ text: String) -> String {
        var hasher = BLAKE3.Hasher()
        hasher.update(Array(text.utf8))
        return hasher.finalize().hex
    }
}
