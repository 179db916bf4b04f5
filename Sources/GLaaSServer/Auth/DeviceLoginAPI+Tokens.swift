import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension DeviceLoginAPI {
    /// The tokens of one login: a short-lived access token and the refresh token that renews
    /// it, with their secrets (shown once) and the rows the store keeps.
    struct IssuedGrant {
        var accessSecret: String
        var refreshSecret: String
        var accessExpiresAt: Date
        var refreshExpiresAt: Date
        var tokens: [(AccessToken, secretHash: String)]
    }

    /// A new access and refresh pair for `user`, in grant `grantID` (a new one when nil). Both
    /// carry one name, `login:CLIENT:GRANT`, so `glaas tokens list|revoke` show and end a login.
    func issueGrant(for user: User, client: String, grantID: String? = nil, now: Date) -> IssuedGrant {
        let grant = grantID ?? UUID().uuidString.lowercased()
        let name = client.hasPrefix("login:") ? client : "login:\(client.prefix(60)):\(grant.prefix(8))"
        let access = BearerSecret.issue(prefix: "glaas_at_")
        let refresh = BearerSecret.issue(prefix: "glaas_rt_")
        let accessExpiry = now.addingTimeInterval(policy.accessTokenLifetime)
        let refreshExpiry = now.addingTimeInterval(policy.refreshTokenLifetime)
        return IssuedGrant(
            accessSecret: access.secret, refreshSecret: refresh.secret, accessExpiresAt: accessExpiry, refreshExpiresAt: refreshExpiry,
            tokens: [
                (
                    AccessToken(
                        id: UUID().uuidString.lowercased(), userID: user.id, name: name, createdAt: now, expiresAt: accessExpiry, kind: .access,
                        grantID: grant), access.hash
                ),
                (
                    AccessToken(
                        id: UUID().uuidString.lowercased(), userID: user.id, name: name, createdAt: now, expiresAt: refreshExpiry, kind: .refresh,
                        grantID: grant), refresh.hash
                ),
            ])
    }

    /// The token answer roar-cli reads after a device login and a refresh.
    func tokenResponse(_ issued: IssuedGrant, user: User, clientID: String) async throws -> Response {
        JSONResponse.envelope([
            "access_token": .string(issued.accessSecret), "token_type": "Bearer",
            "expires_in": .int(Int64(issued.accessExpiresAt.timeIntervalSinceNow.rounded())),
            "refresh_token": .string(issued.refreshSecret),
            "refresh_expires_at": .string(ISO8601DateFormatter().string(from: issued.refreshExpiresAt)),
            "provider": "glaas-device", "issuer": .string(configuration.webOrigin), "client_id": .string(clientID),
            "access_context": try await AccessContext.json(for: user, in: store),
        ])
    }

    /// `GET /auth/access-context`: who the credential is and where it may publish.
    func accessContext(_ context: Context) async throws -> Response {
        guard let user = context.principal.user else {
            throw GLaaSError.unauthorized("Sign in (a Bearer token or a registered SSH key's signature) to read your access context")
        }
        guard case .object(var fields) = try await AccessContext.json(for: user, in: store) else { return JSONResponse.envelope([:]) }
        fields["auth_method"] = .string(V1API.authMethod(context.principal))
        return JSONResponse.envelope(.object(fields))
    }
}
