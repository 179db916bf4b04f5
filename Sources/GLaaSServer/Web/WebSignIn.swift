import Foundation
import GLaaSHTTP
import GLaaSWeb
import Hummingbird
import LineageModel
import LineageStore

/// Signing a browser in without a password or a third-party identity provider: the sign-in page
/// starts a device login and shows its code; the user approves it with `roar auth approve CODE`
/// (their SSH key proves them); the browser then holds a session cookie. A signed-in browser can
/// approve other logins at the device page, and sign out. Every form carries the CSRF token.
struct WebSignIn: Sendable {
    typealias Context = GLaaSRequestContext

    let store: any DeviceLoginAPI.Store
    let configuration: GLaaSConfiguration
    var policy: DeviceLoginPolicy { configuration.deviceLogin }

    func addRoutes(to router: Router<Context>) {
        router.get("web/login") { request, context in try await loginPage(request, context) }
        router.get("web/login/poll") { request, context in try await poll(request, context) }
        router.post("web/logout") { request, context in try await logout(request, context) }
        router.get("web/device") { request, context in try await devicePage(request, context) }
        router.post("web/device") { request, context in try await decide(request, context) }
    }

    /// `GET /web/login`: a new code to approve, its device code kept in an HttpOnly cookie.
    func loginPage(_ request: Request, _ context: Context) async throws -> Response {
        if context.webAccount != nil { return Self.redirect("/") }
        var generator = SystemRandomNumberGenerator()
        let deviceCode = HexString.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let now = Date()
        var started: DeviceAuthorization?
        for _ in 0..<5 where started == nil {
            let authorization = DeviceAuthorization(
                deviceCodeHash: BearerSecret.hash(deviceCode), userCode: UserCode.make(), clientID: "web", clientName: "a web browser",
                createdAt: now, expiresAt: now.addingTimeInterval(policy.codeLifetime), interval: 1)
            do {
                try await store.addDeviceAuthorization(authorization)
                started = authorization
            } catch LineageStoreError.conflict {
                continue
            }
        }
        guard let started else { throw GLaaSError.unavailable("Could not draw a free sign-in code; try again") }
        var response = WebPage(title: "Sign in", body: Self.codeBody(started.userCode, note: nil)).response
        response.setCookie(WebSession.cookie(WebSession.loginCookieName, deviceCode, maxAge: Int(policy.codeLifetime), configuration: configuration))
        return response
    }

    /// `GET /web/login/poll`: signs the browser in once its code is approved.
    func poll(_ request: Request, _ context: Context) async throws -> Response {
        guard let deviceCode = request.cookies[WebSession.loginCookieName]?.value, deviceCode.utf8.count <= 200,
            let authorization = try await store.pollDeviceAuthorization(deviceCodeHash: BearerSecret.hash(deviceCode)),
            authorization.clientID == "web"
        else { return Self.redirect("/web/login") }
        let now = Date()
        if authorization.isExpired(at: now) || authorization.status == .redeemed || authorization.status == .denied {
            let why = authorization.status == .denied ? "The sign-in was denied." : "The code expired."
            return WebPage(title: "Sign in", body: Self.restart(why), status: .ok).response
        }
        guard authorization.status == .approved, let userID = authorization.userID, let user = try await store.user(id: userID),
            user.disabledAt == nil
        else {
            return WebPage(title: "Sign in", body: Self.codeBody(authorization.userCode, note: "Not approved yet.")).response
        }
        let (secret, hash) = BearerSecret.issue(prefix: "glaas_ws_")
        let grant = UUID().uuidString.lowercased()
        let token = AccessToken(
            id: UUID().uuidString.lowercased(), userID: user.id, name: "web:\(grant.prefix(8))", createdAt: now,
            expiresAt: now.addingTimeInterval(policy.webSessionLifetime), kind: .web, grantID: grant)
        guard try await store.redeemDeviceAuthorization(deviceCodeHash: authorization.deviceCodeHash, tokens: [(token, hash)]) else {
            return Self.redirect("/web/login")
        }
        context.logger.info("Web sign-in", metadata: ["user": "\(user.name)"])
        var response = Self.redirect("/")
        response.setCookie(WebSession.cookie(WebSession.cookieName, secret, maxAge: Int(policy.webSessionLifetime), configuration: configuration))
        response.setCookie(WebSession.cookie(WebSession.loginCookieName, "", maxAge: 0, configuration: configuration))
        return response
    }

    /// `POST /web/logout`: ends the session (its token is revoked, the cookie cleared).
    func logout(_ request: Request, _ context: Context) async throws -> Response {
        let form = try await Self.form(request, context)
        guard WebSession.checkCSRF(form, account: context.webAccount), let secret = request.cookies[WebSession.cookieName]?.value,
            let (_, token) = try await store.token(secretHash: BearerSecret.hash(secret)), let grant = token.grantID
        else { return WebPage.error(WebPageError(.forbidden, "Sign out from a page of this registry (the form's token did not match).")).response }
        _ = try await store.revokeGrant(grant)
        var response = Self.redirect("/")
        response.setCookie(WebSession.cookie(WebSession.cookieName, "", maxAge: 0, configuration: configuration))
        return response
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .contentLength: "0", .cacheControl: "no-store"])
    }

    /// A posted form's fields (application/x-www-form-urlencoded), at most 16 KiB.
    static func form(_ request: Request, _ context: Context) async throws -> [String: String] {
        var request = request
        let body = try await request.collectBody(upTo: 16 << 10)
        var components = URLComponents()
        components.percentEncodedQuery = String(buffer: body).replacingOccurrences(of: "+", with: "%20")
        var fields: [String: String] = [:]
        for item in components.queryItems ?? [] where fields[item.name] == nil { fields[item.name] = item.value ?? "" }
        return fields
    }
}
