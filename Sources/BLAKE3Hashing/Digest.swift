extension BLAKE3 {
    /// A BLAKE3 output: 32 bytes by default, any length in extended-output mode.
    ///
    /// Equality is checked in constant time for a given length, so comparing a
    /// received MAC against an expected one leaks no timing information.
    public struct Digest: Hashable, Sendable, CustomStringConvertible {
        /// The output bytes.
        public let bytes: [UInt8]

        /// A digest holding `bytes`.
        public init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// A digest parsed from hex (either case); nil unless it is an even number of hex digits.
        public init?(hex: some StringProtocol) {
            guard let bytes = BLAKE3.bytes(fromHex: hex) else { return nil }
            self.bytes = bytes
        }

        /// The number of bytes.
        public var count: Int { bytes.count }

        /// The bytes as lowercase hex, two digits per byte.
        public var hex: String { BLAKE3.hexString(bytes) }

        /// The lowercase hex form, as `b3sum` prints it.
        public var description: String { hex }

        /// Calls `body` with the bytes in contiguous memory.
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try bytes.withUnsafeBytes(body)
        }

        /// Constant-time equality (for equal lengths).
        public static func == (lhs: Digest, rhs: Digest) -> Bool {
            guard lhs.bytes.count == rhs.bytes.count else { return false }
            var difference: UInt8 = 0
            for index in lhs.bytes.indices {
                difference |= lhs.bytes[index] ^ rhs.bytes[index]
            }
            return difference == 0
        }

        /// Hashes the bytes, consistently with `==`.
        public func hash(into hasher: inout Swift.Hasher) {
            hasher.combine(bytes)
        }
    }
}
