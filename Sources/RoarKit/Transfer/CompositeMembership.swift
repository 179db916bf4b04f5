import BLAKE3Hashing
import Foundation
import LineageModel

/// A composite's Bloom filter over `"blake3:<digest>"` of every leaf, built as roar-cli builds
/// it: 0.1 % false positives, at least 2048 bits (a whole number of bytes), at most 12 hashes,
/// positions `(h1 + i·h2) mod bits` from `blake3("roar:composite-membership:v1\0" + key)`.
struct CompositeMembership {
    let bits: Int
    let hashes: Int
    let filter: [UInt8]
    let total: Int

    init(leaves: [CompositeDigest.Leaf]) {
        total = leaves.count
        let perComponent = -log(0.001) / (log(2.0) * log(2.0))
        let target = max(2048, Int((Double(total) * perComponent).rounded(.up)))
        bits = (target + 7) / 8 * 8
        hashes = min(12, max(1, Int((Double(bits) / Double(max(total, 1)) * log(2.0)).rounded(.toNearestOrEven))))
        var filter = [UInt8](repeating: 0, count: bits / 8)
        let modulus = UInt64(bits)
        for leaf in leaves {
            let seed = BLAKE3.hash(Array("roar:composite-membership:v1\0blake3:\(leaf.digest.lowercased())".utf8)).bytes
            let h1 = Self.littleEndian(seed[0..<8])
            var h2 = Self.littleEndian(seed[8..<16])
            if h2 == 0 { h2 = 1 }
            for index in 0..<UInt64(hashes) {
                // Python's integers do not wrap: (h1 + i·h2) mod bits, computed without overflow.
                let position = Int((h1 % modulus + (index * (h2 % modulus)) % modulus) % modulus)
                filter[position / 8] |= 1 << UInt8(position % 8)
            }
        }
        self.filter = filter
    }

    static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    var json: [String: JSONValue] {
        [
            "total_components": .int(Int64(total)), "stored_components": .int(Int64(total)),
            "bloom_filter_base64": .string(Data(filter).base64EncodedString()), "bloom_bits": .int(Int64(bits)),
            "bloom_hashes": .int(Int64(hashes)), "bloom_version": .int(1),
        ]
    }
}
