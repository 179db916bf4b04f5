import Foundation
import NIOCore

/// A byte range of a local file as an async sequence of buffers: what an upload body streams,
/// a megabyte at a time, so a file of any size costs a megabyte of memory.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let path: String
    let offset: Int64
    let length: Int64

    func makeAsyncIterator() -> Iterator {
        Iterator(path: path, offset: offset, end: offset + length)
    }

    /// Opens the file on first use and closes it when done or dropped.
    final class Iterator: AsyncIteratorProtocol {
        let path: String
        var position: Int64
        let end: Int64
        var descriptor: Int32 = -1

        init(path: String, offset: Int64, end: Int64) {
            self.path = path
            self.position = offset
            self.end = end
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        func next() async throws -> ByteBuffer? {
            guard position < end else { return nil }
            if descriptor < 0 { descriptor = try LocalFile.openForReading(path).descriptor }
            let want = Int(Swift.min(Int64(LocalFile.chunkSize), end - position))
            var buffer = ByteBuffer()
            buffer.reserveCapacity(want)
            let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { bytes in
                while true {
                    let count = pread(descriptor, bytes.baseAddress, want, off_t(position))
                    if count >= 0 { return count }
                    if errno != EINTR { throw LocalFile.failure(path, errno, missing: false) }
                }
            }
            guard count > 0 else { throw StorageError.transfer("\(path): the file shrank while it was uploaded") }
            position += Int64(count)
            return buffer
        }
    }
}
