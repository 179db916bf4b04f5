import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension S3Backend {
    /// Sends one signed request for `bucket`/`key`; a non-2xx answer becomes
    /// `StorageError.service` with S3's error code and message.
    func send(
        _ method: String, bucket: String, key: String, query: [(name: String, value: String)] = [],
        headers: [String: String] = [:], body: HTTPClientRequest.Body? = nil,
        payloadHash: String = SigV4Signer.emptyPayloadHash, location: StorageLocation
    ) async throws -> HTTPClientResponse {
        let endpoint = configuration.endpoint
        let host = endpoint.port.map { "\(endpoint.host!):\($0)" } ?? endpoint.host!
        let base = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        let path = base + "/" + bucket + (key.isEmpty ? "" : "/" + key)
        var all = headers
        all["host"] = host
        let signed = signer.sign(method: method, path: path, query: query, headers: all, payloadHash: payloadHash)
        let queryText = URIEncoding.canonicalQuery(query)
        var request = HTTPClientRequest(
            url: "\(endpoint.scheme!)://\(host)\(URIEncoding.encode(path, keepSlash: true))\(queryText.isEmpty ? "" : "?" + queryText)")
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in signed { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = body }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: Self.deadline)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.transfer("\(location): cannot reach S3 at \(endpoint.absoluteString): \(Self.reason(error))")
        }
        guard (200..<300).contains(response.status.code) else {
            let document = method == "HEAD" ? "" : String(buffer: (try? await response.body.collect(upTo: 1 << 16)) ?? ByteBuffer())
            let code = S3XML.value(of: "Code", in: document) ?? Self.code(for: Int(response.status.code))
            let message = S3XML.value(of: "Message", in: document) ?? response.status.reasonPhrase
            throw StorageError.service(location: location.description, status: Int(response.status.code), code: code, message: message)
        }
        return response
    }

    /// A name for an error status that came without a document (HEAD answers have no body).
    static func code(for status: Int) -> String {
        switch status {
        case 403: "AccessDenied"
        case 404: "NotFound"
        case 301, 307: "WrongRegionOrEndpoint"
        default: "HTTP\(status)"
        }
    }

    /// A transport failure in words, not as a type dump.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("Connection refused") || text.contains("connectionRefused") || text.contains("ECONNREFUSED") { return "connection refused" }
        if text.contains("deadlineExceeded") { return "the request took too long" }
        return text
    }
}
