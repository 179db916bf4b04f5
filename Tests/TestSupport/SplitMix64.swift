/// SplitMix64: a small deterministic generator, so a test that draws random values names a
/// seed that reproduces its failure.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; `next()` advances it.
    public var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 bits of the stream.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` bytes of the stream, each 64-bit word little-endian.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(count + 8)
        while output.count < count {
            withUnsafeBytes(of: next().littleEndian) { output.append(contentsOf: $0) }
        }
        return Array(output.prefix(count))
    }
}
