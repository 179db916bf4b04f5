import AsyncHTTPClient
import Foundation
import LineageModel
import NIOCore
import NIOHTTP1

extension RegistryClient {
    /// Where the registry's graph API lives (searches, walks, lineage downloads, exports).
    public static let graphPrefix = "/api/graph/v1"

    /// One page of a search: its items and the cursor of the next page (nil on the last).
    public struct GraphPage: Sendable {
        public var items: [JSONValue]
        public var nextCursor: String?
    }

    /// `GET /api/graph/v1{path}?{query}`: the JSON answer; a non-2xx answer is an error.
    public func graphGet(_ path: String, query: [(String, String)] = [], credential: Credential) async throws -> JSONValue {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let parameters = query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
        let fullPath = path + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
        let reply = try await send(.GET, fullPath, credential: credential, prefix: Self.graphPrefix)
        guard reply.isSuccess else {
            throw Self.failure(reply, path: fullPath, prefix: Self.graphPrefix)
        }
        guard let json = try? JSONParser.parse(reply.body) else {
            throw RegistryClientError.invalidResponse(path: Self.graphPrefix + fullPath, reason: "not JSON")
        }
        return json
    }

    /// `GET /api/graph/v1/{collection}` (`artifacts` or `jobs`) with `query` and `cursor`.
    public func graphSearch(_ collection: String, query: [(String, String)], cursor: String?, credential: Credential) async throws -> GraphPage {
        let json = try await graphGet("/\(collection)", query: query + (cursor.map { [("cursor", $0)] } ?? []), credential: credential)
        guard let items = json["items"]?.arrayValue else {
            throw RegistryClientError.invalidResponse(path: Self.graphPrefix + "/\(collection)", reason: "no items")
        }
        return GraphPage(items: items, nextCursor: json["next_cursor"]?.stringValue)
    }

    /// `GET /api/graph/v1{path}` (path with its query): the JSON answer, nil on 404.
    public func graph(_ path: String, credential: Credential = .anonymous) async throws -> JSONValue? {
        let reply = try await send(.GET, path, credential: credential, prefix: Self.graphPrefix)
        if reply.status == 404 { return nil }
        guard reply.isSuccess else { throw Self.failure(reply, path: path, prefix: Self.graphPrefix) }
        return try Self.unwrap(reply, path: Self.graphPrefix + path)
    }

    /// A download's first answer: whether it was found, and (when found) its announced length.
    public enum DownloadStart: Sendable {
        case notFound(message: String)
        case found(length: Int64?)
    }

    /// `GET /api/graph/v1{path}` streamed: `started` learns whether the registry has it (a
    /// 404 ends the download there), then `receive` gets the body's bytes as they arrive.
    /// Other non-2xx answers throw. `seconds` bounds the whole download.
    public func download(
        _ path: String, credential: Credential = .anonymous, seconds: Double,
        started: @Sendable (DownloadStart) async throws -> Void, receive: @Sendable ([UInt8]) async throws -> Void
    ) async throws {
        let pathWithQuery = Self.graphPrefix + path
        var request = HTTPClientRequest(url: endpoint.baseURL + pathWithQuery)
        request.method = .GET
        request.headers.add(name: "X-Roar-Version", value: Self.protocolVersion)
        try authorize(&request, credential: credential, pathWithQuery: pathWithQuery, body: [])
        let deadline = NIODeadline.now() + .nanoseconds(Int64(seconds * 1_000_000_000))
        do {
            let response = try await http.execute(request, deadline: deadline)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                let bytes = try await response.body.collect(upTo: 1 << 20)
                let failure = Self.failure(Reply(status: status, body: Array(buffer: bytes)), path: path, prefix: Self.graphPrefix)
                if status == 404, case .http(_, let message, _) = failure {
                    return try await Caller.wrap { try await started(.notFound(message: message)) }
                }
                throw failure
            }
            let length = response.headers.first(name: "Content-Length").flatMap { Int64($0) }
            try await Caller.wrap { try await started(.found(length: length)) }
            for try await chunk in response.body {
                try await Caller.wrap { try await receive(Array(buffer: chunk)) }
            }
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw RegistryClientError.timedOut(url: endpoint.baseURL, seconds: seconds)
        } catch let error as RegistryClientError {
            throw error
        } catch let error as Caller {
            throw error.error
        } catch {
            if NIODeadline.now() >= deadline { throw RegistryClientError.timedOut(url: endpoint.baseURL, seconds: seconds) }
            throw RegistryClientError.unreachable(url: endpoint.baseURL, reason: Self.reason(error))
        }
    }

    /// An error of the caller's own callbacks, passed through untouched.
    struct Caller: Error {
        let error: any Error

        static func wrap(_ body: () async throws -> Void) async throws {
            do { try await body() } catch { throw Caller(error: error) }
        }
    }
}
