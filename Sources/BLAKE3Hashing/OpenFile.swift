#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file opened for hashing: mapped into memory when it is a large regular file,
/// otherwise read in large pieces. Closed when it goes out of scope.
struct OpenFile: ~Copyable {
    /// Regular files at least this large are mapped rather than read.
    static let mapThreshold = 256 * 1024
    /// Bytes per `read` when streaming.
    static let readSize = 256 * 1024

    let path: String
    let descriptor: Int32
    /// The size of a regular file; nil for pipes, devices and the like.
    let regularSize: Int?

    init(path: String) throws(BLAKE3.HashError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .file(path: path, operation: "open", errno: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw .file(path: path, operation: "fstat", errno: code)
        }
        self.descriptor = descriptor
        regularSize = (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) ? Int(info.st_size) : nil
    }

    deinit {
        close(descriptor)
    }

    /// Whether `withMappedBytes` applies: a regular file of at least `mapThreshold` bytes.
    var isMappable: Bool { (regularSize ?? 0) >= Self.mapThreshold }

    /// Calls `body` with the file's bytes mapped read-only; they must not be used after it returns.
    /// Like any mapping, a file truncated meanwhile by another process faults (SIGBUS).
    func withMappedBytes<R>(advice: Int32, _ body: (UnsafeRawBufferPointer) -> R) throws(BLAKE3.HashError) -> R {
        let size = regularSize ?? 0
        guard size > 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let base = mapped, base != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw .file(path: path, operation: "mmap", errno: errno)
        }
        defer { munmap(base, size) }
        _ = madvise(base, size, advice)
        return body(UnsafeRawBufferPointer(start: base, count: size))
    }

    /// Reads the file from its current offset to the end into `hasher`.
    func stream(into hasher: inout BLAKE3.Hasher) throws(BLAKE3.HashError) {
        let capacity = min(Self.readSize, max(regularSize ?? Self.readSize, 1))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            // Fill the buffer so updates stay chunk-aligned and wide.
            var filled = 0
            while filled < capacity {
                let got = read(descriptor, buffer.baseAddress! + filled, capacity - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw .file(path: path, operation: "read", errno: errno)
                }
                if got == 0 { break }
                filled += got
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
            if filled < capacity { return }
        }
    }
}
