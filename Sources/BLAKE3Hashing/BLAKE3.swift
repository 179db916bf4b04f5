import CBLAKE3

/// BLAKE3 hashing: one-shot, streaming, keyed, key derivation, extended output and files.
///
/// The compression function and its SIMD kernels live in the `CBLAKE3` C target
/// (portable C, SSE4.1 and AVX2, chosen at run time); this namespace is the Swift API.
public enum BLAKE3 {
    /// Bytes in a default digest (256 bits).
    public static let digestLength = 32
    /// Bytes in the key of keyed hashing.
    public static let keyLength = 32
    /// Bytes in a block, the unit of one compression.
    public static let blockLength = 64
    /// Bytes in a chunk, a leaf of the hash tree.
    public static let chunkLength = 1024

    /// The hash of `bytes`: 32 bytes, or `outputLength` bytes of extended output.
    public static func hash(_ bytes: some Sequence<UInt8>, outputLength: Int = digestLength) -> Digest {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize(outputLength: outputLength)
    }

    /// The hash of the bytes in `buffer`.
    public static func hash(_ buffer: UnsafeRawBufferPointer, outputLength: Int = digestLength) -> Digest {
        var hasher = Hasher()
        hasher.update(buffer)
        return hasher.finalize(outputLength: outputLength)
    }

    /// The hash of the bytes in `buffer`, computed on up to `threads` threads when it is large
    /// (over 1 MiB): power-of-two subtrees are hashed in parallel, then their parents merged.
    public static func hash(
        _ buffer: UnsafeRawBufferPointer,
        threads: Int,
        outputLength: Int = digestLength
    ) -> Digest {
        guard ParallelTree.shouldSplit(length: buffer.count, threads: threads) else {
            return hash(buffer, outputLength: outputLength)
        }
        return ParallelTree.hash(
            buffer, like: Hasher(), threads: threads,
            pieceChunks: ParallelTree.pieceChunks(length: buffer.count, threads: threads),
            outputLength: outputLength)
    }

    /// The hash of the UTF-8 encoding of `string`.
    public static func hash(_ string: String, outputLength: Int = digestLength) -> Digest {
        var hasher = Hasher()
        hasher.update(string)
        return hasher.finalize(outputLength: outputLength)
    }

    /// The keyed hash (a MAC or PRF) of `bytes` under a 32-byte `key`.
    public static func keyedHash(
        key: some Sequence<UInt8>,
        _ bytes: some Sequence<UInt8>,
        outputLength: Int = digestLength
    ) throws(HashError) -> Digest {
        var hasher = try Hasher(key: key)
        hasher.update(bytes)
        return hasher.finalize(outputLength: outputLength)
    }

    /// A key derived from `material` for the application-specific `context` string.
    ///
    /// The context should be hardcoded, globally unique and application-specific,
    /// e.g. `"glaas 2025-01-01 session tokens v1"`.
    public static func deriveKey(
        context: String,
        material: some Sequence<UInt8>,
        outputLength: Int = digestLength
    ) -> Digest {
        var hasher = Hasher(derivingKeyFromContext: context)
        hasher.update(material)
        return hasher.finalize(outputLength: outputLength)
    }
}
