import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A small real HTTP server on a 127.0.0.1 port the system chose, answering every request with
/// a handler: what tests use as a web server to download from or a token endpoint to sign in at.
public enum LocalHTTPServer {
    /// A request as the handler sees it.
    public struct Request: Sendable {
        public var method: String
        /// The path without the query.
        public var path: String
        /// Query items, percent-decoded.
        public var query: [String: String]
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: Data
    }

    /// What the handler answers.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data

        public init(status: Int = 200, headers: [String: String] = [:], body: Data = Data()) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// Runs `body` with the server's origin (`http://127.0.0.1:PORT`); the server stops after.
    public static func with<T: Sendable>(
        _ handler: @escaping @Sendable (Request) async -> Response, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let router = Router()
        for method in [HTTPRequest.Method.get, .head, .post, .put] {
            router.on("**", method: method) { request, _ -> Hummingbird.Response in
                let bytes = try await request.body.collect(upTo: 64 << 20)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                var query: [String: String] = [:]
                for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
                let answer = await handler(
                    Request(
                        method: request.method.rawValue, path: request.uri.path, query: query, headers: headers,
                        body: Data(bytes.readableBytesView)))
                var fields = HTTPFields()
                for (name, value) in answer.headers {
                    if let field = HTTPField.Name(name) { fields[field] = value }
                }
                fields[.contentLength] = String(answer.body.count)
                let payload = request.method == .head ? ByteBuffer() : ByteBuffer(bytes: answer.body)
                return Hummingbird.Response(
                    status: HTTPResponse.Status(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: payload))
            }
        }
        let application = Application(router: router)
        return try await application.test(.live) { client in
            guard let port = client.port else { throw TestFailure("the local HTTP server reported no port") }
            return try await body("http://127.0.0.1:\(port)")
        }
    }
}
