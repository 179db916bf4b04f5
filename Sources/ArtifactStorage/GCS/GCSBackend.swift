import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `gs://bucket/object` storage over the Cloud Storage JSON API: media uploads (resumable
/// sessions for big files), `alt=media` downloads, paged listings; bodies streamed both ways.
public struct GCSBackend: StorageBackend {
    public let configuration: GCSConfiguration
    let client: HTTPClient
    let tokens: GCSTokenSource

    public init(configuration: GCSConfiguration, client: HTTPClient, tokens: GCSTokenSource? = nil) {
        self.configuration = configuration
        self.client = client
        self.tokens = tokens ?? GCSTokenSource(credentials: configuration.credentials, client: client)
    }

    public func upload(file path: String, to location: StorageLocation) async throws {
        let (bucket, name) = try Self.parts(location)
        guard !name.isEmpty, !name.hasSuffix("/") else { throw StorageError.badURL("\(location) names no object (the name is empty)") }
        let (descriptor, size) = try LocalFile.openForReading(path)
        close(descriptor)
        let body = HTTPClientRequest.Body.stream(FileChunks(path: path, offset: 0, length: size), length: .known(size))
        let upload = "/upload/storage/v1/b/\(Self.encode(bucket))/o"
        guard size >= configuration.resumableThreshold else {
            _ = try await send(
                .POST, upload, query: [("uploadType", "media"), ("name", name)],
                headers: ["content-type": "application/octet-stream", "content-length": String(size)], body: body, location: location)
            return
        }
        let started = try await send(
            .POST, upload, query: [("uploadType", "resumable"), ("name", name)],
            headers: ["x-upload-content-type": "application/octet-stream", "x-upload-content-length": String(size), "content-length": "0"],
            location: location)
        guard let session = started.headers.first(name: "location") else {
            throw StorageError.transfer("\(location): the server opened no resumable upload (no Location in its answer)")
        }
        _ = try await send(.PUT, url: session, headers: ["content-length": String(size)], body: body, location: location)
    }

    public func download(_ location: StorageLocation, to path: String) async throws -> Int64 {
        let (bucket, name) = try Self.parts(location)
        let response = try await send(
            .GET, "/storage/v1/b/\(Self.encode(bucket))/o/\(Self.encode(name))", query: [("alt", "media")], location: location)
        return try await ObjectDownload.write(response, to: path, location: location)
    }

    public func stat(_ location: StorageLocation) async throws -> StoredObject? {
        let (bucket, name) = try Self.parts(location)
        guard !name.isEmpty else { return nil }
        do {
            let response = try await send(.GET, "/storage/v1/b/\(Self.encode(bucket))/o/\(Self.encode(name))", location: location)
            let object = try await Self.json(response)
            return StoredObject(size: Self.int64(object["size"]) ?? 0, etag: object["etag"] as? String)
        } catch StorageError.service(_, 404, _, _) {
            return nil
        }
    }

    public func list(_ prefix: StorageLocation) async throws -> [ListedObject] {
        let (bucket, key) = try Self.parts(prefix)
        var objects: [ListedObject] = []
        var page: String?
        repeat {
            var query: [(String, String)] = [("prefix", key)]
            if let page { query.append(("pageToken", page)) }
            let object = try await Self.json(try await send(.GET, "/storage/v1/b/\(Self.encode(bucket))/o", query: query, location: prefix))
            for item in object["items"] as? [[String: Any]] ?? [] {
                guard let name = item["name"] as? String, name.hasPrefix(key) else { continue }
                objects.append(
                    ListedObject(
                        location: StorageLocation(kind: .gs(bucket: bucket, key: name)), relativeKey: String(name.dropFirst(key.count)),
                        size: Self.int64(item["size"]) ?? 0))
            }
            page = (object["nextPageToken"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        } while page != nil
        return objects
    }

    /// Creates `bucket` in `project` (for tests and first use); succeeds when it exists already.
    public func createBucket(_ bucket: String, project: String) async throws {
        let location = StorageLocation(kind: .gs(bucket: bucket, key: ""))
        let body = "{\"name\":\"\(bucket)\"}"
        do {
            _ = try await send(
                .POST, "/storage/v1/b", query: [("project", project)],
                headers: ["content-type": "application/json", "content-length": String(body.utf8.count)], body: .bytes(ByteBuffer(string: body)),
                location: location)
        } catch StorageError.service(_, 409, _, _) {}
    }

    static func parts(_ location: StorageLocation) throws -> (bucket: String, name: String) {
        guard case .gs(let bucket, let name) = location.kind else { throw StorageError.badURL("\(location) is not a gs:// URL") }
        return (bucket, name)
    }

    /// A path segment: everything but unreserved characters percent-encoded, `/` too.
    static func encode(_ text: String) -> String { URIEncoding.encode(text) }

    static func int64(_ value: Any?) -> Int64? {
        if let text = value as? String { return Int64(text) }
        return (value as? NSNumber)?.int64Value
    }

    static func json(_ response: HTTPClientResponse) async throws -> [String: Any] {
        let buffer = try await response.body.collect(upTo: 32 << 20)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8))) as? [String: Any] else {
            throw StorageError.transfer("Cloud Storage answered with something other than a JSON object")
        }
        return object
    }
}
