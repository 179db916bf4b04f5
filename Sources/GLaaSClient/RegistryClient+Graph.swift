import Foundation
import LineageModel

/// The query API (`/api/graph/v1`): searches of artifacts and jobs, one page at a time, and
/// single records.
extension RegistryClient {
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
            if case .http(let status, let message, _) = Self.failure(reply, path: fullPath) {
                throw RegistryClientError.http(status: status, message: message, path: Self.graphPrefix + fullPath)
            }
            throw Self.failure(reply, path: fullPath)
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
}
