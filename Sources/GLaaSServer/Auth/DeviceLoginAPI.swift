import Crypto
import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

/// Signing in without a third-party identity provider: the OAuth device flow (RFC 8628) that
/// roar-cli 0.4.7 speaks, where the approver proves an SSH key the registry knows (`roar auth
/// approve CODE`, a signed request) or is a signed-in browser; refresh tokens that rotate;
/// logout; and the access context a client reads to learn its owners and projects.
///
/// The seam for an identity provider is `approve`: whatever proves the user (an OIDC callback
/// instead of an SSH signature) decides the pending code with `decideDeviceAuthorization`, and
/// everything after (redeeming, tokens, refresh, access context) stays as it is.
struct DeviceLoginAPI: Sendable {
    typealias Context = GLaaSRequestContext
    typealias Store = TokenDirectory & DeviceAuthorizationStore & TeamDirectory & UserDirectory

    let store: any Store
    let configuration: GLaaSConfiguration
    var policy: DeviceLoginPolicy { configuration.deviceLogin }

    static let deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"

    func addRoutes(to router: Router<Context>) {
        let api = router.group("api/v1")
        api.post("auth/device/start") { request, context in try await start(try await V1API.body(request, context)) }
        api.post("auth/device/token") { request, context in try await token(try await V1API.body(request, context)) }
        api.post("auth/device/approve") { request, context in try await approve(try await V1API.body(request, context), context: context) }
        api.post("auth/refresh") { request, context in try await refresh(try await V1API.body(request, context)) }
        api.post("auth/logout") { request, _ in try await logout(request) }
        // roar-cli asks the first and falls back to the legacy second on a 404.
        api.get("auth/access-context") { _, context in try await accessContext(context) }
        api.get("user/access-context") { _, context in try await accessContext(context) }
    }

    /// `POST /auth/device/start`: a device code for the client to poll with, and the user code
    /// a person approves.
    func start(_ body: JSONFields) async throws -> Response {
        let clientID = try body.optionalString("client_id", maxLength: 100) ?? "unknown"
        let clientName = try body.optionalString("client_name", maxLength: 100) ?? clientID
        var generator = SystemRandomNumberGenerator()
        let deviceCode = HexString.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let now = Date()
        // A clash of user codes is rare (20^8 codes); drawing again settles it.
        for _ in 0..<5 {
            let userCode = UserCode.make()
            let authorization = DeviceAuthorization(
                deviceCodeHash: BearerSecret.hash(deviceCode), userCode: userCode, clientID: clientID, clientName: clientName, createdAt: now,
                expiresAt: now.addingTimeInterval(policy.codeLifetime), interval: policy.pollInterval)
            do {
                try await store.addDeviceAuthorization(authorization)
            } catch LineageStoreError.conflict {
                continue
            }
            let page = configuration.webOrigin + "/web/device"
            return JSONResponse.envelope([
                "device_code": .string(deviceCode), "user_code": .string(userCode), "verification_uri": .string(page),
                "verification_uri_complete": .string(page + "?user_code=" + userCode), "expires_in": .int(Int64(policy.codeLifetime)),
                "interval": .int(Int64(policy.pollInterval)),
            ])
        }
        throw GLaaSError.unavailable("Could not draw a free user code; try again")
    }

    /// `POST /auth/device/token`: the client's poll. Pending, too fast, expired and denied are
    /// 400s with RFC 8628's error codes; an approved code is redeemed once for tokens.
    func token(_ body: JSONFields) async throws -> Response {
        let grantType = try body.optionalString("grant_type", maxLength: 200)
        guard grantType == nil || grantType == Self.deviceGrantType else {
            throw GLaaSError(.badRequest, code: "unsupported_grant_type", "grant_type must be \(Self.deviceGrantType)")
        }
        let deviceCode = try body.string("device_code")
        guard deviceCode.utf8.count <= 200, let authorization = try await store.pollDeviceAuthorization(deviceCodeHash: BearerSecret.hash(deviceCode))
        else { throw GLaaSError(.badRequest, code: "invalid_grant", "Unknown device code: start the login again") }
        let now = Date()
        if authorization.isExpired(at: now) || authorization.status == .redeemed {
            throw GLaaSError(.badRequest, code: "expired_token", "The device code expired or was already used: run the login again")
        }
        switch authorization.status {
        case .denied: throw GLaaSError(.badRequest, code: "access_denied", "The login was denied")
        case .pending:
            if let last = authorization.lastPolledAt, now.timeIntervalSince(last) < Double(authorization.interval) * 0.8 {
                throw GLaaSError(.badRequest, code: "slow_down", "Polling too fast: wait \(authorization.interval + 5) s between polls")
            }
            throw GLaaSError(.badRequest, code: "authorization_pending", "Waiting for approval of code \(authorization.userCode)")
        case .approved, .redeemed:
            guard let userID = authorization.userID, let user = try await store.user(id: userID), user.disabledAt == nil else {
                throw GLaaSError(.badRequest, code: "access_denied", "The account that approved the login is disabled")
            }
            let issued = issueGrant(for: user, client: authorization.clientName, now: now)
            guard try await store.redeemDeviceAuthorization(deviceCodeHash: authorization.deviceCodeHash, tokens: issued.tokens) else {
                throw GLaaSError(.badRequest, code: "expired_token", "The device code was already used: run the login again")
            }
            return try await tokenResponse(issued, user: user, clientID: authorization.clientID)
        }
    }

    /// `POST /auth/device/approve` (ours): a signed-in user approves or denies a code. Only an
    /// SSH signature or a web session proves the user here: a Bearer token cannot mint more.
    func approve(_ body: JSONFields, context: Context) async throws -> Response {
        guard case .user(let user, let credential) = context.principal, !credential.hasPrefix("token:") else {
            throw GLaaSError.unauthorized("Approve a login with a request signed by your registered SSH key (`roar auth approve CODE`)")
        }
        let typed = try body.string("user_code")
        guard let code = UserCode.normalized(typed) else {
            throw GLaaSError.badRequest("\"\(typed.prefix(20))\" is not a login code (eight letters, like BCDF-GHJK)")
        }
        let decision = try body.optionalString("decision", maxLength: 20) ?? "approve"
        guard decision == "approve" || decision == "deny" else { throw GLaaSError.badRequest("decision must be \"approve\" or \"deny\"") }
        let approveIt = decision == "approve"
        guard let decided = try await store.decideDeviceAuthorization(userCode: code, approve: approveIt, userID: user.id) else {
            if let existing = try await store.deviceAuthorization(userCode: code), existing.status != .pending, !existing.isExpired(at: Date()) {
                throw GLaaSError.conflict("Login code \(code) was already \(existing.status == .denied ? "denied" : "approved")")
            }
            throw GLaaSError.notFound("No pending login has code \(code) (it may have expired)")
        }
        context.logger.info(
            "Device login \(approveIt ? "approved" : "denied")", metadata: ["user": "\(user.name)", "client": "\(decided.clientName)"])
        return JSONResponse.envelope([
            "user_code": .string(code), "status": .string(approveIt ? "approved" : "denied"), "client_name": .string(decided.clientName),
            "username": .string(user.name),
        ])
    }

    /// `POST /auth/refresh`: a new access and refresh token for a live refresh token; the old
    /// pair stops working, and a refresh token used twice ends its login.
    func refresh(_ body: JSONFields) async throws -> Response {
        let secret = try body.string("refresh_token")
        let clientID = try body.optionalString("client_id", maxLength: 100) ?? "unknown"
        guard secret.utf8.count <= 512, let (user, presented) = try await store.token(secretHash: BearerSecret.hash(secret)),
            presented.kind == .refresh
        else { throw GLaaSError.unauthorized(Self.refreshRefused) }
        let issued = issueGrant(for: user, client: presented.name, grantID: presented.grantID, now: Date())
        switch try await store.rotateRefreshToken(secretHash: BearerSecret.hash(secret), replacement: issued.tokens) {
        case .rotated(let user): return try await tokenResponse(issued, user: user, clientID: clientID)
        case .refused: throw GLaaSError.unauthorized(Self.refreshRefused)
        case .reused: throw GLaaSError.unauthorized("This refresh token was already used; the login is ended for safety. Run `roar login` again")
        }
    }

    static let refreshRefused = "Refresh token not accepted: it is unknown, expired or revoked. Run `roar login` again"

    /// `POST /auth/logout`: ends the login the Bearer token belongs to (its access and refresh
    /// tokens). An operator-issued token is left alone: `glaas tokens revoke` ends those.
    func logout(_ request: Request) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw GLaaSError.unauthorized("Log out with the Bearer token of the login to end")
        }
        let secret = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let (_, token) = try await store.token(secretHash: BearerSecret.hash(secret)), token.isValid(at: Date()) else {
            throw GLaaSError.unauthorized(AuthMiddleware.bearerNotAccepted)
        }
        guard let grant = token.grantID else {
            return JSONResponse.envelope(["revoked": false, "reason": "an operator-issued token is revoked with `glaas tokens revoke`"])
        }
        let count = try await store.revokeGrant(grant)
        return JSONResponse.envelope(["revoked": .bool(count > 0)])
    }
}
