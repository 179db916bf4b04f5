import AsyncHTTPClient
import Foundation
import NIOCore

/// `s3://bucket/key` storage over the S3 REST API: path-style requests to a configurable
/// endpoint, signed with Signature Version 4, bodies streamed both ways.
public struct S3Backend: StorageBackend {
    public let configuration: S3Configuration
    let client: HTTPClient
    let signer: SigV4Signer

    /// How long one request may take in all (a multi-gigabyte transfer is one request).
    static let deadline = TimeAmount.hours(12)

    public init(configuration: S3Configuration, client: HTTPClient) {
        self.configuration = configuration
        self.client = client
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
    }

    public func upload(file path: String, to location: StorageLocation) async throws {
        let (bucket, key) = try Self.parts(location)
        guard !key.isEmpty, !key.hasSuffix("/") else { throw StorageError.badURL("\(location) names no object (the key is empty)") }
        let (descriptor, size) = try LocalFile.openForReading(path)
        close(descriptor)
        if size >= configuration.multipartThreshold {
            try await uploadInParts(file: path, size: size, bucket: bucket, key: key, location: location)
            return
        }
        let body = HTTPClientRequest.Body.stream(FileChunks(path: path, offset: 0, length: size), length: .known(size))
        _ = try await send(
            "PUT", bucket: bucket, key: key, headers: ["content-length": String(size)], body: body,
            payloadHash: SigV4Signer.unsignedPayload, location: location)
    }

    public func download(_ location: StorageLocation, to path: String) async throws -> Int64 {
        let (bucket, key) = try Self.parts(location)
        let response = try await send("GET", bucket: bucket, key: key, location: location)
        let descriptor = try LocalFile.openForWriting(path)
        defer { close(descriptor) }
        var total: Int64 = 0
        for try await buffer in response.body {
            try buffer.withUnsafeReadableBytes { try LocalFile.write(descriptor, $0, path: path) }
            total += Int64(buffer.readableBytes)
        }
        if let expected = response.headers.first(name: "content-length").flatMap(Int64.init), expected != total {
            throw StorageError.transfer("\(location): the download ended after \(total) of \(expected) bytes")
        }
        return total
    }

    public func stat(_ location: StorageLocation) async throws -> StoredObject? {
        let (bucket, key) = try Self.parts(location)
        do {
            let response = try await send("HEAD", bucket: bucket, key: key, location: location)
            let size = response.headers.first(name: "content-length").flatMap(Int64.init) ?? 0
            return StoredObject(size: size, etag: response.headers.first(name: "etag"))
        } catch StorageError.service(_, 404, _, _) {
            return nil
        } catch let error as StorageError {
            // A HEAD answer has no error document: a GET's says why (SignatureDoesNotMatch
            // rather than a bare 403).
            guard case .service = error else { throw error }
            _ = try await send("GET", bucket: bucket, key: key, headers: ["range": "bytes=0-0"], location: location)
            throw error
        }
    }

    /// Creates `bucket` (in the configured region); succeeds when it exists and is already ours.
    public func createBucket(_ bucket: String) async throws {
        let location = StorageLocation(kind: .s3(bucket: bucket, key: ""))
        var body: HTTPClientRequest.Body?
        var payload = SigV4Signer.emptyPayloadHash
        var headers: [String: String] = [:]
        if configuration.region != S3Configuration.defaultRegion {
            let xml =
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>"
            body = .bytes(ByteBuffer(string: xml))
            payload = SigV4Signer.hexSHA256(Data(xml.utf8))
            headers["content-length"] = String(xml.utf8.count)
        }
        do {
            _ = try await send("PUT", bucket: bucket, key: "", headers: headers, body: body, payloadHash: payload, location: location)
        } catch StorageError.service(_, _, "BucketAlreadyOwnedByYou", _) {}
    }

    static func parts(_ location: StorageLocation) throws -> (bucket: String, key: String) {
        guard case .s3(let bucket, let key) = location.kind else { throw StorageError.badURL("\(location) is not an s3:// URL") }
        return (bucket, key)
    }
}
