/// A signed-in browser, as pages show it: the account's name in the title bar, and the token
/// every form it posts must carry (CSRF protection; it is derived from the session cookie, which
/// scripts of other sites can neither read nor send along with a cross-site POST).
public struct WebAccount: Sendable, Hashable {
    public var name: String
    public var csrfToken: String

    public init(name: String, csrfToken: String) {
        self.name = name
        self.csrfToken = csrfToken
    }

    /// The hidden form field that carries the CSRF token.
    public var csrfField: String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrfToken))\">"
    }
}
