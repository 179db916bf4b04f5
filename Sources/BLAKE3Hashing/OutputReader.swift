import CBLAKE3

extension BLAKE3 {
    /// The extended output stream of a finalized hasher, read in pieces and at any offset.
    ///
    /// BLAKE3's output is a stream of up to 2^64 bytes; its first 32 bytes are the
    /// default digest. Any prefix of a longer output is the shorter output.
    public struct OutputReader: Sendable {
        let output: cblake3_output

        /// The offset of the next byte `read` returns.
        public var position: UInt64 = 0

        init(output: cblake3_output) {
            self.output = output
        }

        /// Fills `buffer` with the next output bytes.
        public mutating func read(into buffer: UnsafeMutableRawBufferPointer) {
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            withUnsafePointer(to: output) { output in
                cblake3_output_root_bytes(output, position, base.assumingMemoryBound(to: UInt8.self), buffer.count)
            }
            position += UInt64(buffer.count)
        }

        /// The next `count` output bytes.
        public mutating func read(count: Int) -> [UInt8] {
            precondition(count >= 0, "cannot read a negative number of bytes")
            return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                read(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            }
        }

        /// Moves to byte `offset` of the output stream.
        public mutating func seek(to offset: UInt64) {
            position = offset
        }
    }
}
