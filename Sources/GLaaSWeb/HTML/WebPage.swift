import HTTPTypes
import Hummingbird
import NIOCore

/// One HTML page: the shared frame (title bar with the search box, the style sheet, a footer)
/// around a body the route wrote, turned into a response with headers that keep the page to
/// its own origin (no script, no network asset).
public struct WebPage: Sendable {
    /// The document title (data: escaped here).
    public var title: String
    /// The main content, already HTML.
    public var body: HTML
    /// The search box's initial text.
    public var query: String
    /// The status to serve it with.
    public var status: HTTPResponse.Status
    /// The signed-in browser's account (the title bar shows it and a sign-out button), or nil
    /// (the title bar links to sign in).
    public var account: WebAccount?

    /// A page around `body`.
    public init(title: String, body: HTML, query: String = "", status: HTTPResponse.Status = .ok) {
        self.title = title
        self.body = body
        self.query = query
        self.status = status
    }

    /// Only same-origin styles and images; no script, no frames, forms post nowhere else.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The whole document.
    public var document: String {
        var html = HTML()
        html.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.element("title", text: title + " · glaas")
        html.raw("<link rel=\"stylesheet\" href=\"\(WebStyle.path)\"></head><body>")
        html.raw("<header class=\"top\"><a class=\"brand\" href=\"/\">glaas</a>")
        html.raw("<form method=\"get\" action=\"/web/search\" role=\"search\">")
        html.open(
            "input",
            ["type": "search", "name": "q", "value": query, "placeholder": "digest or lineage prefix, path, tag:key=value", "aria-label": "Search"])
        html.raw("<button type=\"submit\">Search</button></form>")
        if let account {
            html.raw("<form class=\"account\" method=\"post\" action=\"/web/logout\"><span>")
            html.text(account.name)
            html.raw("</span>\(account.csrfField)<button type=\"submit\">Sign out</button></form>")
        } else {
            html.raw("<a class=\"account\" href=\"/web/login\">Sign in</a>")
        }
        html.raw("</header><main>")
        html.raw(body.string)
        html.raw(
            "</main><footer>glaas lineage registry · pages are rendered on the server, nothing is loaded from the network</footer></body></html>\n")
        return html.string
    }

    /// The page as an HTTP response.
    public var response: Response {
        Self.response(document, contentType: "text/html; charset=utf-8", status: status, cache: "no-store")
    }

    /// A response with the UI's security headers.
    static func response(_ text: String, contentType: String, status: HTTPResponse.Status, cache: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        var headers: HTTPFields = [
            .contentType: contentType, .contentLength: String(buffer.readableBytes), .cacheControl: cache,
        ]
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// The error page for `error`.
    public static func error(_ error: WebPageError, query: String = "") -> WebPage {
        var body = HTML()
        body.element("h1", text: error.status.code == 404 ? "Not found" : "\(error.status.code) \(error.status.reasonPhrase)")
        body.open("p", ["class": "notice"])
        body.text(error.message)
        body.close("p")
        body.raw("<p><a href=\"/\">Recent lineages</a></p>")
        return WebPage(title: error.status.reasonPhrase, body: body, query: query, status: error.status)
    }
}
