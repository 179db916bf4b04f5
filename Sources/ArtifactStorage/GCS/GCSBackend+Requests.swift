import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension GCSBackend {
    /// Sends one request to `path` under the endpoint, authorized with a bearer token unless the
    /// credentials are `.none`.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], headers: [String: String] = [:],
        body: HTTPClientRequest.Body? = nil, location: StorageLocation
    ) async throws -> HTTPClientResponse {
        let base = configuration.endpoint.absoluteString
        let queryText = query.map { "\(URIEncoding.encode($0.0))=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
        return try await send(
            method, url: base + path + (queryText.isEmpty ? "" : "?" + queryText), headers: headers, body: body, location: location)
    }

    /// Sends one request to a full URL (a resumable session's); a non-2xx answer becomes
    /// `StorageError.service` with the JSON error's message.
    func send(
        _ method: HTTPMethod, url: String, headers: [String: String] = [:], body: HTTPClientRequest.Body? = nil, location: StorageLocation
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let token = try await tokens.token() { request.headers.replaceOrAdd(name: "authorization", value: "Bearer \(token)") }
        if let body { request.body = body }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: S3Backend.deadline)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.transfer(
                "\(location): cannot reach Cloud Storage at \(configuration.endpoint.absoluteString): \(S3Backend.reason(error))")
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let text = method == .HEAD ? "" : String(buffer: (try? await response.body.collect(upTo: 1 << 16)) ?? ByteBuffer())
            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
            let error = object?["error"] as? [String: Any]
            let message = (error?["message"] as? String) ?? (text.isEmpty || text.count > 200 ? response.status.reasonPhrase : text)
            throw StorageError.service(location: location.description, status: status, code: Self.code(for: status), message: message)
        }
        return response
    }

    /// A name for an error status, as the JSON API's reasons go.
    static func code(for status: Int) -> String {
        switch status {
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 409: "Conflict"
        default: "HTTP\(status)"
        }
    }
}
