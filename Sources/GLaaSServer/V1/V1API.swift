import Crypto
import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore
import NIOCore

/// The GLaaS v1 protocol that roar-cli 0.4.7 speaks (docs/v1-protocol.md), on the store roles
/// it needs.
struct V1API: Sendable {
    typealias Context = GLaaSRequestContext
    /// The store roles the v1 routes use: staging and publishing, reads, labels.
    typealias Store = RegistrationStaging & LineagePublishing & LineageReading & LabelReading & LabelWriting & TeamDirectory

    let store: any Store
    let configuration: GLaaSConfiguration

    func addRoutes(to router: Router<Context>) {
        let api = router.group("api/v1")
        api.get("health") { _, _ in health() }
        api.post("telemetry/roar") { request, context in
            // Read and drop: the registry keeps no client telemetry.
            var request = request
            _ = try await request.collectBody(upTo: context.maxUploadSize)
            return Response(status: .noContent)
        }
        api.get("auth/me") { _, context in try authMe(context) }
        addRegistrationRoutes(to: api)
        addReadRoutes(to: api)
        addLabelRoutes(to: api)
    }

    func health() -> Response {
        // Read raw by the client (never unwrapped): the features must be top level.
        JSONResponse.make([
            "status": "healthy",
            "service": "glaas",
            "features": ["registration_sessions": ["anonymous_public": true, "finalize_server_authoritative_hash": true]],
        ])
    }

    func authMe(_ context: Context) throws -> Response {
        guard let user = context.principal.user else {
            throw GLaaSError.unauthorized("Sign the request with a registered SSH key to identify yourself")
        }
        return JSONResponse.envelope([
            "authMethod": .string(Self.authMethod(context.principal)),
            "creatorIdentity": .string(user.creatorIdentity),
            "user": ["id": .string(user.id), "username": .string(user.name), "email": V1Responses.optional(user.email)],
        ])
    }

    /// The request body as JSON fields (an empty body is `{}`).
    static func body(_ request: Request, _ context: Context) async throws -> JSONFields {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        // Parsed in place: a copy of a 64 MiB body would be 64 MiB more held while it is read.
        return try buffer.withUnsafeReadableBytes { bytes in try JSONFields.body(bytes, maximumValues: context.bodyLimit.jsonValues) }
    }

    /// A 64-hex lineage hash from the path, lowercased.
    static func lineageHash(_ text: String) throws -> String {
        let hash = text.lowercased()
        guard HexString.isHash256(hash) else { throw GLaaSError.badRequest("\"\(text.prefix(80))\" is not a 64-character hex lineage hash") }
        return hash
    }

    var webOrigin: String { configuration.webOrigin }
}
