import Foundation
import LineageModel

/// Read calls (§4 #13–#18): artifacts by digest prefix, their lineage and reproduction plan,
/// and whole public lineages. A 404 is "not found" (nil), not an error.
extension RegistryClient {
    /// `GET /artifacts/{prefix}`, falling back to `/public/artifacts/{prefix}` on 401/403.
    /// Signed when `signed` (the caller probed the key), anonymous otherwise.
    public func artifact(_ prefix: String, signed: Bool = false) async throws -> JSONValue? {
        let path = "/artifacts/\(prefix)"
        let reply = try await send(.GET, path, credential: signed ? .signed : .anonymous)
        if reply.status == 404 { return nil }
        if reply.status == 401 || reply.status == 403 {
            let fallback = try await send(.GET, "/public/artifacts/\(prefix)", credential: .anonymous)
            if fallback.status == 404 { return nil }
            guard fallback.isSuccess else { throw Self.failure(fallback, path: "/public/artifacts/\(prefix)") }
            return try Self.unwrap(fallback, path: "/public/artifacts/\(prefix)")
        }
        guard reply.isSuccess else { throw Self.failure(reply, path: path) }
        return try Self.unwrap(reply, path: path)
    }

    /// `GET /artifacts/{hash}/lineage[?depth=N]`: producer, consumers and (depth > 1) upstream jobs.
    public func lineage(of hash: String, depth: Int = 1, signed: Bool = false) async throws -> JSONValue? {
        try await optionalRead(depth > 1 ? "/artifacts/\(hash)/lineage?depth=\(depth)" : "/artifacts/\(hash)/lineage", signed: signed)
    }

    /// `GET /artifacts/{ref}/dag`: the reproduction plan, as the registry's raw JSON body
    /// (decoded elsewhere into a recipe). Nil when the registry does not know the artifact.
    public func dag(_ ref: String, signed: Bool = false) async throws -> Data? {
        let path = "/artifacts/\(ref)/dag"
        let reply = try await send(.GET, path, credential: signed ? .signed : .anonymous)
        if reply.status == 404 { return nil }
        guard reply.isSuccess else { throw Self.failure(reply, path: path) }
        return Data(reply.body)
    }

    /// `GET /public/sessions/{hash}/reproduction`: a whole lineage, every job in order.
    public func reproduction(lineage hash: String, signed: Bool = false) async throws -> JSONValue? {
        try await optionalRead("/public/sessions/\(hash)/reproduction", signed: signed)
    }

    func optionalRead(_ path: String, signed: Bool) async throws -> JSONValue? {
        let reply = try await send(.GET, path, credential: signed ? .signed : .anonymous)
        if reply.status == 404 { return nil }
        guard reply.isSuccess else { throw Self.failure(reply, path: path) }
        return try Self.unwrap(reply, path: path)
    }
}
