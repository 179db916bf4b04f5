import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `https://` (and `http://`) storage, for downloads only: a GET streamed to the file, up to
/// five redirects followed. Uploading and listing have no meaning for a plain web server.
public struct WebBackend: StorageBackend {
    let client: HTTPClient

    static let maximumRedirects = 5

    public init(client: HTTPClient) {
        self.client = client
    }

    public func upload(file path: String, to location: StorageLocation) async throws {
        throw StorageError.badURL("\(location): https:// URLs are read-only; put to file://, s3:// or gs://")
    }

    public func list(_ prefix: StorageLocation) async throws -> [ListedObject] {
        throw StorageError.badURL("\(prefix): a web server's directory cannot be listed; get each file by its URL")
    }

    public func download(_ location: StorageLocation, to path: String) async throws -> Int64 {
        let response = try await send(.GET, location)
        return try await ObjectDownload.write(response, to: path, location: location)
    }

    public func stat(_ location: StorageLocation) async throws -> StoredObject? {
        do {
            let response = try await send(.HEAD, location)
            let size = response.headers.first(name: "content-length").flatMap(Int64.init) ?? 0
            return StoredObject(size: size, etag: response.headers.first(name: "etag"))
        } catch StorageError.service(_, 404, _, _), StorageError.service(_, 410, _, _) {
            return nil
        } catch StorageError.service(_, 405, _, _), StorageError.service(_, 501, _, _) {
            // A server that answers only GET: the download will tell.
            return StoredObject(size: 0, etag: nil)
        }
    }

    /// One request, following redirects; a non-2xx final answer becomes `StorageError.service`.
    func send(_ method: HTTPMethod, _ location: StorageLocation) async throws -> HTTPClientResponse {
        guard case .web(var url) = location.kind else { throw StorageError.badURL("\(location) is not an https:// URL") }
        for _ in 0...Self.maximumRedirects {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "user-agent", value: "roar")
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: S3Backend.deadline)
            } catch {
                throw StorageError.transfer("\(location): cannot reach \(URL(string: url)?.host ?? url): \(S3Backend.reason(error))")
            }
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let next = response.headers.first(name: "location") {
                guard let resolved = URL(string: next, relativeTo: URL(string: url))?.absoluteURL.absoluteString,
                    resolved.hasPrefix("https://") || (resolved.hasPrefix("http://") && url.hasPrefix("http://"))
                else { throw StorageError.transfer("\(location): redirected to \(next), which roar does not follow") }
                url = resolved
                continue
            }
            guard (200..<300).contains(status) else {
                throw StorageError.service(
                    location: location.description, status: status, code: "HTTP \(status)", message: response.status.reasonPhrase)
            }
            return response
        }
        throw StorageError.transfer("\(location): more than \(Self.maximumRedirects) redirects")
    }
}
