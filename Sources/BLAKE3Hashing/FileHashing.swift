import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension BLAKE3 {
    /// The number of online CPUs: the default thread count.
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The hash of the file at `path`, using up to `threads` threads (default: all CPUs).
    ///
    /// Large regular files are memory-mapped and, with more than one thread, split into
    /// power-of-two subtrees hashed in parallel; others are read in 256 KiB pieces.
    public static func hashFile(
        at path: String,
        threads: Int? = nil,
        outputLength: Int = digestLength
    ) throws(HashError) -> Digest {
        try hashFile(at: path, like: Hasher(), threads: threads, outputLength: outputLength)
    }

    /// The hash of the file at `path` in the mode, key and kernel of `hasher` (a fresh one).
    public static func hashFile(
        at path: String,
        like hasher: Hasher,
        threads: Int? = nil,
        outputLength: Int = digestLength
    ) throws(HashError) -> Digest {
        try hashFile(
            at: path, like: hasher, threads: threads ?? processorCount, pieceChunks: nil,
            outputLength: outputLength)
    }

    /// `hashFile` with the piece size settable, so tests can split small files.
    static func hashFile(
        at path: String,
        like hasher: Hasher,
        threads: Int,
        pieceChunks: Int?,
        outputLength: Int
    ) throws(HashError) -> Digest {
        let file = try OpenFile(path: path)
        let size = file.regularSize ?? 0
        let parallel = hasher.count == 0 && (pieceChunks != nil || ParallelTree.shouldSplit(length: size, threads: threads))
        if parallel && size > 0 {
            let chunks = pieceChunks ?? ParallelTree.pieceChunks(length: size, threads: threads)
            return try file.withMappedBytes(advice: MADV_WILLNEED) { bytes in
                ParallelTree.hash(bytes, like: hasher, threads: threads, pieceChunks: chunks, outputLength: outputLength)
            }
        }
        var single = hasher
        try single.update(file)
        return single.finalize(outputLength: outputLength)
    }

    /// The hashes of many files, in the order given, computed `maxConcurrency` files at a time
    /// (default: all CPUs), each on one thread. Blocks until all are done.
    public static func hashFiles(
        at paths: [String],
        like hasher: Hasher = Hasher(),
        maxConcurrency: Int? = nil,
        outputLength: Int = digestLength
    ) -> [Result<Digest, HashError>] {
        let results = Mutex([Result<Digest, HashError>?](repeating: nil, count: paths.count))
        let next = Atomic<Int>(0)
        let workers = min(max(1, maxConcurrency ?? processorCount), paths.count)
        if workers > 0 {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < paths.count else { return }
                    let result = Result { () throws(HashError) -> Digest in
                        try hashFile(
                            at: paths[index], like: hasher, threads: 1, pieceChunks: nil,
                            outputLength: outputLength)
                    }
                    results.withLock { $0[index] = result }
                }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}

extension BLAKE3.Hasher {
    /// Adds the contents of the file at `path` on the calling thread (mapped or read in large pieces).
    public mutating func updateFile(at path: String) throws(BLAKE3.HashError) {
        let file = try OpenFile(path: path)
        try update(file)
    }

    mutating func update(_ file: borrowing OpenFile) throws(BLAKE3.HashError) {
        if file.isMappable {
            try file.withMappedBytes(advice: MADV_SEQUENTIAL) { update($0) }
        } else {
            try file.stream(into: &self)
        }
    }
}
