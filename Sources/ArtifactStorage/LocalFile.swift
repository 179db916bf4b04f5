import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// POSIX file access the backends share: open, size, chunked copy, all with errors that name
/// the file.
enum LocalFile {
    static let chunkSize = 1 << 20

    /// Opens `path` for reading; it must be a regular file.
    static func openForReading(_ path: String) throws -> (descriptor: Int32, size: Int64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno, missing: true) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw StorageError.notFound("\(path): not a regular file")
        }
        return (descriptor, Int64(info.st_size))
    }

    /// Creates (or truncates) `path` for writing.
    static func openForWriting(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path, errno, missing: false) }
        return descriptor
    }

    /// Writes all of `bytes` to `descriptor`.
    static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno, missing: false)
            }
            offset += written
        }
    }

    /// Copies the regular file `source` to `target` in chunks; returns the bytes copied.
    static func copy(_ source: String, to target: String) throws -> Int64 {
        let (input, _) = try openForReading(source)
        defer { close(input) }
        let output = try openForWriting(target)
        var closed = false
        defer { if !closed { close(output) } }
        var total: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(source, errno, missing: false)
            }
            if count == 0 { break }
            try buffer.withUnsafeBytes { try write(output, UnsafeRawBufferPointer(rebasing: $0[0..<count]), path: target) }
            total += Int64(count)
        }
        closed = true
        guard close(output) == 0 else { throw failure(target, errno, missing: false) }
        return total
    }

    /// A fresh name next to `path`, for writing before an atomic rename.
    static func temporaryName(beside path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return (directory.isEmpty ? "." : directory) + "/.\(name).roar-\(UInt32.random(in: 0...UInt32.max))"
    }

    static func failure(_ path: String, _ code: Int32, missing: Bool) -> StorageError {
        let reason = String(cString: strerror(code))
        return missing && code == ENOENT ? .notFound("\(path): \(reason)") : .transfer("\(path): \(reason)")
    }
}
