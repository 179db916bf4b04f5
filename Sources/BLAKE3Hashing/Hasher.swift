import CBLAKE3

extension BLAKE3 {
    /// An incremental BLAKE3 hasher: feed bytes in pieces of any size, then finalize.
    ///
    /// A value type: copying a hasher forks its state, and finalizing does not consume
    /// it, so more input may follow. Large updates are hashed with the SIMD kernels,
    /// many chunks at once.
    public struct Hasher: Sendable {
        var state: cblake3_hasher

        /// A hasher in the default (unkeyed) mode.
        public init() {
            state = cblake3_hasher()
            cblake3_hasher_init(&state)
        }

        /// A hasher in keyed mode; `key` must be exactly 32 bytes.
        public init(key: some Sequence<UInt8>) throws(HashError) {
            let bytes = Array(key)
            guard bytes.count == BLAKE3.keyLength else { throw .invalidKeyLength(bytes.count) }
            state = cblake3_hasher()
            cblake3_hasher_init_keyed(&state, bytes)
        }

        /// A hasher in key-derivation mode for a hardcoded, application-specific context string.
        public init(derivingKeyFromContext context: String) {
            state = cblake3_hasher()
            var context = context
            context.withUTF8 { utf8 in
                cblake3_hasher_init_derive_key_raw(&state, utf8.baseAddress, utf8.count)
            }
        }

        /// The kernel level this hasher uses; nil (the default) picks the best one at run time.
        public var kernel: Kernel? {
            get { state.kernel == 0 ? nil : Kernel(rawValue: Int(state.kernel)) }
            set { cblake3_hasher_set_kernel(&state, Int32(newValue?.rawValue ?? 0)) }
        }

        /// The number of bytes hashed so far.
        public var count: UInt64 { withUnsafePointer(to: state) { cblake3_hasher_count($0) } }

        /// Adds the bytes in `buffer`.
        public mutating func update(_ buffer: UnsafeRawBufferPointer) {
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            cblake3_hasher_update(&state, base, buffer.count)
        }

        /// Adds `bytes` (arrays, `Data`, slices and other sequences of bytes).
        public mutating func update(_ bytes: some Sequence<UInt8>) {
            let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
                update(UnsafeRawBufferPointer(buffer))
            }
            guard done == nil else { return }
            // Not contiguous: copy through a small buffer.
            var pending: [UInt8] = []
            pending.reserveCapacity(16 * BLAKE3.chunkLength)
            for byte in bytes {
                pending.append(byte)
                if pending.count == 16 * BLAKE3.chunkLength {
                    pending.withUnsafeBytes { update($0) }
                    pending.removeAll(keepingCapacity: true)
                }
            }
            pending.withUnsafeBytes { update($0) }
        }

        /// Adds the UTF-8 encoding of `string`.
        public mutating func update(_ string: String) {
            var string = string
            string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        }

        /// The hash of everything added so far: 32 bytes, or `outputLength` bytes of extended output.
        public func finalize(outputLength: Int = BLAKE3.digestLength) -> Digest {
            precondition(outputLength >= 0, "BLAKE3 output length must not be negative")
            let bytes = [UInt8](unsafeUninitializedCapacity: outputLength) { buffer, initialized in
                finalize(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = outputLength
            }
            return Digest(bytes: bytes)
        }

        /// Writes output bytes into `buffer`, starting at byte `seek` of the output stream.
        public func finalize(into buffer: UnsafeMutableRawBufferPointer, seek: UInt64 = 0) {
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            withUnsafePointer(to: state) { state in
                cblake3_hasher_finalize_seek(state, seek, base.assumingMemoryBound(to: UInt8.self), buffer.count)
            }
        }

        /// A reader of the extended output stream, for outputs read in pieces or at offsets.
        public func outputReader() -> OutputReader {
            OutputReader(output: withUnsafePointer(to: state) { cblake3_hasher_output($0) })
        }

        /// Forgets all input, keeping the mode, key and kernel.
        public mutating func reset() {
            cblake3_hasher_reset(&state)
        }
    }
}
