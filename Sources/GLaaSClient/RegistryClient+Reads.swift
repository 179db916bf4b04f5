import Foundation
import LineageModel

/// Read calls (§4 #13–#18): artifacts by digest prefix, their lineage and reproduction plan,
/// and whole public lineages. A 404 is "not found" (nil), not an error. Each read carries the
/// credential the caller chose: anonymous, SSH-signed (the probe accepted the key) or a
/// Bearer access token (then private and project lineages the user may read answer too).
extension RegistryClient {
    /// `GET /artifacts/{prefix}`, falling back to `/public/artifacts/{prefix}` on 401/403 (but
    /// a Bearer token refused with 401 is an error: the caller decides what to read with next).
    public func artifact(_ prefix: String, credential: Credential = .anonymous) async throws -> JSONValue? {
        let path = "/artifacts/\(prefix)"
        let reply = try await send(.GET, path, credential: credential)
        if reply.status == 404 { return nil }
        if reply.status == 401, case .bearer = credential { throw Self.failure(reply, path: path) }
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
    public func lineage(of hash: String, depth: Int = 1, credential: Credential = .anonymous) async throws -> JSONValue? {
        try await optionalRead(depth > 1 ? "/artifacts/\(hash)/lineage?depth=\(depth)" : "/artifacts/\(hash)/lineage", credential: credential)
    }

    /// `GET /artifacts/{ref}/dag`: the reproduction plan, as the registry's raw JSON body
    /// (decoded elsewhere into a recipe). Nil when the registry does not know the artifact.
    public func dag(_ ref: String, credential: Credential = .anonymous) async throws -> Data? {
        let path = "/artifacts/\(ref)/dag"
        let reply = try await send(.GET, path, credential: credential)
        if reply.status == 404 { return nil }
        guard reply.isSuccess else { throw Self.failure(reply, path: path) }
        return Data(reply.body)
    }

    /// `GET /public/sessions/{hash}/reproduction`: a whole lineage, every job in order.
    public func reproduction(lineage hash: String, credential: Credential = .anonymous) async throws -> JSONValue? {
        try await optionalRead("/public/sessions/\(hash)/reproduction", credential: credential)
    }

    func optionalRead(_ path: String, credential: Credential) async throws -> JSONValue? {
        let reply = try await send(.GET, path, credential: credential)
        if reply.status == 404 { return nil }
        guard reply.isSuccess else { throw Self.failure(reply, path: path) }
        return try Self.unwrap(reply, path: path)
    }
}
