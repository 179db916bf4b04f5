import Crypto
import Foundation
import GLaaSWeb
import Hummingbird
import LineageModel
import LineageStore

/// A signed-in browser: a session token (kind `web`) in an HttpOnly, SameSite=Lax cookie, valid
/// on the web pages only, and the CSRF token its forms carry, derived from the session secret.
enum WebSession {
    static let cookieName = "glaas_session"
    /// The device code of a browser's sign-in in progress.
    static let loginCookieName = "glaas_login"

    /// Paths where the session cookie authenticates: the web pages.
    static func isWebPath(_ path: String) -> Bool { path == "/" || path == "/web" || path.hasPrefix("/web/") }

    /// Pages a browser needs before it is signed in, even on a `--no-anonymous` registry.
    static func isSignInPath(_ path: String) -> Bool {
        path == "/web/login" || path == "/web/login/poll" || path == "/web/assets/glaas.css"
    }

    /// The principal and account of a live session cookie; nil for anything else (a stale
    /// cookie is simply not signed in).
    static func verify(_ secret: String, in store: any TokenDirectory) async throws -> (Principal, WebAccount)? {
        guard secret.utf8.count <= 200, let (user, token) = try await store.token(secretHash: BearerSecret.hash(secret)), token.kind == .web,
            token.isValid(at: Date()), user.disabledAt == nil
        else { return nil }
        return (.user(user, credential: "session:" + token.id), WebAccount(name: user.name, csrfToken: csrfToken(for: secret)))
    }

    /// The CSRF token of a session: a hash of its secret under a fixed label, so it needs no
    /// storage and only a page the session was served can know it.
    static func csrfToken(for secret: String) -> String {
        HexString.encode(SHA256.hash(data: Array("glaas-web-csrf\n\(secret)".utf8)))
    }

    /// Whether a posted form carries the session's CSRF token.
    static func checkCSRF(_ form: [String: String], account: WebAccount?) -> Bool {
        guard let account, let sent = form["csrf"] else { return false }
        return sent.utf8.count == account.csrfToken.utf8.count && zip(sent.utf8, account.csrfToken.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A cookie for this registry's pages: HttpOnly, SameSite=Lax, Secure when served over https.
    static func cookie(_ name: String, _ value: String, maxAge: Int, configuration: GLaaSConfiguration) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: configuration.webOrigin.hasPrefix("https://"), httpOnly: true,
            sameSite: .lax)
    }
}
