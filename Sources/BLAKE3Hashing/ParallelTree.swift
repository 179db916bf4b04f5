import CBLAKE3
import Dispatch
import Synchronization

/// Multi-threaded hashing of one large buffer.
///
/// The input is cut into pieces of one power-of-two number of chunks. Every piece
/// but the last is then a complete subtree of the BLAKE3 tree, and the last one is
/// shaped like a whole tree of its bytes; so the pieces hash independently, on
/// several threads, and their CVs merge into the root exactly as chunks would.
enum ParallelTree {
    /// Inputs up to this size are hashed on one thread.
    static let minimumParallelLength = 1 << 20
    /// Pieces are at least 256 KiB and at most 16 MiB.
    static let pieceChunkRange = 256...16_384

    /// Chunks per piece for `length` bytes on `threads` threads: about eight pieces per thread.
    static func pieceChunks(length: Int, threads: Int) -> Int {
        let chunks = max(1, length / BLAKE3.chunkLength / max(1, threads * 8))
        let power = 1 << (Int.bitWidth - 1 - chunks.leadingZeroBitCount)
        return min(max(power, pieceChunkRange.lowerBound), pieceChunkRange.upperBound)
    }

    /// Whether `length` bytes are worth splitting over `threads` threads.
    static func shouldSplit(length: Int, threads: Int) -> Bool {
        threads > 1 && length > minimumParallelLength
    }

    /// Hashes `buffer` with the mode, key and kernel of the fresh `hasher` on up to `threads`
    /// threads, in pieces of `pieceChunks` (a power of two) chunks.
    static func hash(
        _ buffer: UnsafeRawBufferPointer,
        like hasher: BLAKE3.Hasher,
        threads: Int,
        pieceChunks: Int,
        outputLength: Int
    ) -> BLAKE3.Digest {
        precondition(pieceChunks > 0 && pieceChunks & (pieceChunks - 1) == 0, "pieces must be a power of two chunks")
        precondition(hasher.count == 0, "parallel hashing starts from a fresh hasher")
        let pieceLength = pieceChunks * BLAKE3.chunkLength
        guard let base = buffer.baseAddress, buffer.count > pieceLength else {
            var single = hasher
            single.update(buffer)
            return single.finalize(outputLength: outputLength)
        }
        let pieces = (buffer.count + pieceLength - 1) / pieceLength
        let key = withUnsafeBytes(of: hasher.state.key) { Array($0.bindMemory(to: UInt32.self)) }
        let flags = hasher.state.flags
        let kernel = Int32(hasher.state.kernel)
        var cvs = [UInt8](repeating: 0, count: pieces * BLAKE3.digestLength)
        let next = Atomic<Int>(0)
        cvs.withUnsafeMutableBytes { output in
            let input = UncheckedSendable(base)
            let out = UncheckedSendable(output.baseAddress!)
            let length = buffer.count
            DispatchQueue.concurrentPerform(iterations: min(threads, pieces)) { _ in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < pieces else { return }
                    let start = index * pieceLength
                    cblake3_subtree_cv(
                        key, flags, kernel,
                        input.value.advanced(by: start).assumingMemoryBound(to: UInt8.self),
                        min(pieceLength, length - start),
                        UInt64(index * pieceChunks),
                        out.value.advanced(by: index * BLAKE3.digestLength).assumingMemoryBound(to: UInt8.self)
                    )
                }
            }
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: outputLength) { root, initialized in
            if outputLength > 0 {
                cblake3_root_from_cvs(key, flags, cvs, pieces, 0, root.baseAddress!, outputLength)
            }
            initialized = outputLength
        }
        return BLAKE3.Digest(bytes: bytes)
    }
}
