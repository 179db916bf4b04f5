import Foundation
import GLaaSHTTP
import GLaaSWeb
import Hummingbird
import LineageStore

extension WebSignIn {
    /// The sign-in page's body: the code and how to approve it.
    static func codeBody(_ code: String, note: String?) -> HTML {
        var html = HTML()
        html.raw("<h1>Sign in</h1><div class=\"card\"><p>Approve this code from a machine whose SSH key this registry knows:</p>")
        html.element("p", ["class": "code"], text: code)
        html.raw("<pre>")
        html.text("roar auth approve \(code)")
        html.raw("</pre><p class=\"muted\">or, in a browser that is already signed in, at <a href=\"/web/device\">/web/device</a>.</p>")
        if let note { html.element("p", ["class": "notice"], text: note) }
        html.raw("<p><a href=\"/web/login/poll\">I approved it: continue</a></p></div>")
        return html
    }

    static func restart(_ why: String) -> HTML {
        var html = HTML()
        html.raw("<h1>Sign in</h1>")
        html.element("p", ["class": "notice"], text: why)
        html.raw("<p><a href=\"/web/login\">Start again</a></p>")
        return html
    }

    /// `GET /web/device?user_code=…`: a signed-in browser approves or denies a login.
    func devicePage(_ request: Request, _ context: Context) async throws -> Response {
        let typed = request.uri.queryParameters.get("user_code") ?? ""
        var html = HTML()
        html.raw("<h1>Approve a login</h1>")
        guard let account = context.webAccount else {
            html.raw("<div class=\"card\"><p>Approve it from a machine whose SSH key this registry knows:</p><pre>")
            html.text("roar auth approve \(typed.isEmpty ? "CODE" : String(typed.prefix(20)))")
            html.raw("</pre><p class=\"muted\">or <a href=\"/web/login\">sign this browser in</a> first.</p></div>")
            return WebPage(title: "Approve a login", body: html).response
        }
        var page = WebPage(title: "Approve a login", body: Self.decisionForm(&html, code: typed, account: account))
        page.account = account
        return page.response
    }

    static func decisionForm(_ html: inout HTML, code: String, account: WebAccount) -> HTML {
        html.raw("<form class=\"card\" method=\"post\" action=\"/web/device\">")
        html.raw(account.csrfField)
        html.raw("<p>Code: ")
        html.open("input", ["name": "user_code", "value": String(code.prefix(20)), "placeholder": "BCDF-GHJK", "aria-label": "Code"])
        html.raw("</p><p class=\"muted\">Approving lets the device that shows this code act as ")
        html.text(account.name)
        html.raw(".</p><p><button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button> ")
        html.raw("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></p></form>")
        return html
    }

    /// `POST /web/device`: the decision, with the form's CSRF token.
    func decide(_ request: Request, _ context: Context) async throws -> Response {
        let form = try await Self.form(request, context)
        guard let account = context.webAccount, case .user(let user, _) = context.principal, WebSession.checkCSRF(form, account: account) else {
            return WebPage.error(WebPageError(.forbidden, "Sign in, and approve from this registry's own page (the form's token did not match)."))
                .response
        }
        var html = HTML()
        html.raw("<h1>Approve a login</h1>")
        guard let code = UserCode.normalized(form["user_code"] ?? "") else {
            html.element("p", ["class": "notice"], text: "That is not a login code (eight letters, like BCDF-GHJK).")
            var page = WebPage(title: "Approve a login", body: Self.decisionForm(&html, code: "", account: account), status: .badRequest)
            page.account = account
            return page.response
        }
        let approve = form["decision"] != "deny"
        let decided = try await store.decideDeviceAuthorization(userCode: code, approve: approve, userID: user.id)
        html.element(
            "p", ["class": "notice"],
            text: decided.map { "\(approve ? "Approved" : "Denied"): \($0.clientName) with code \(code)." }
                ?? "No pending login has code \(code) (it may have expired or been decided).")
        var page = WebPage(title: "Approve a login", body: html, status: decided == nil ? .notFound : .ok)
        page.account = account
        return page.response
    }
}
