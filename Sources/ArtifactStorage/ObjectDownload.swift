import AsyncHTTPClient
import Foundation
import NIOCore

/// Streams a response body into a local file, checking it arrived whole.
enum ObjectDownload {
    /// Writes `response`'s body to `path` (created or truncated); returns the bytes written.
    static func write(_ response: HTTPClientResponse, to path: String, location: StorageLocation) async throws -> Int64 {
        let descriptor = try LocalFile.openForWriting(path)
        defer { close(descriptor) }
        var total: Int64 = 0
        do {
            for try await buffer in response.body {
                try buffer.withUnsafeReadableBytes { try LocalFile.write(descriptor, $0, path: path) }
                total += Int64(buffer.readableBytes)
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.transfer("\(location): the download broke off after \(total) bytes: \(S3Backend.reason(error))")
        }
        if let expected = response.headers.first(name: "content-length").flatMap(Int64.init), expected != total {
            throw StorageError.transfer("\(location): the download ended after \(total) of \(expected) bytes")
        }
        return total
    }
}
