import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

/// The registry's web UI: HTML pages rendered on the server from the store (search, artifact,
/// job, lineage with its graph, diff), one embedded style sheet, no script and nothing from the
/// network. Every failure is an HTML page with a 4xx status (503 when the database is down).
public struct WebUI<Context: WebRequestContext>: Sendable {
    let store: any WebStore
    let search: any WebSearch

    /// The UI over `store`; `search` defaults to digest and lineage prefixes.
    public init(store: any WebStore, search: (any WebSearch)? = nil) {
        self.store = store
        self.search = search ?? StoreWebSearch(store: store)
    }

    /// Registers `/` and everything under `/web/`.
    public func addRoutes(to router: Router<Context>) {
        router.get("/") { request, context in await page(request, context) { try await home(WebParameters(request), viewer: context.webViewer) } }
        router.get("web") { _, _ in Response(status: .seeOther, headers: [.location: "/"]) }
        router.get("web/assets/glaas.css") { _, _ in
            WebPage.response(WebStyle.css, contentType: "text/css; charset=utf-8", status: .ok, cache: "public, max-age=3600")
        }
        router.get("web/search") { request, context in
            await page(request, context) { try await searchPage(WebParameters(request), viewer: context.webViewer) }
        }
        router.get("web/artifacts/:digest") { request, context in
            await page(request, context) { try await artifactPage(try context.parameters.require("digest"), viewer: context.webViewer) }
        }
        router.get("web/artifacts/:digest/downstream") { request, context in
            await page(request, context) {
                try await downstreamPage(try context.parameters.require("digest"), request: request, viewer: context.webViewer)
            }
        }
        router.get("web/artifacts/:digest/terminal") { request, context in
            await page(request, context) {
                try await terminalPage(try context.parameters.require("digest"), request: request, viewer: context.webViewer)
            }
        }
        router.get("web/jobs/:lineage/:job") { request, context in
            await page(request, context) {
                try await jobPage(
                    lineage: try context.parameters.require("lineage"), job: try context.parameters.require("job"), viewer: context.webViewer)
            }
        }
        router.get("web/dag/:hash") { request, context in
            await page(request, context) {
                try await lineagePage(try context.parameters.require("hash"), request: request, viewer: context.webViewer)
            }
        }
        router.get("web/dag/:hash/graph") { request, context in
            await page(request, context) { try await graphPage(try context.parameters.require("hash"), request: request, viewer: context.webViewer) }
        }
        router.get("web/diff") { request, context in await page(request, context) { try diffFormRedirect(WebParameters(request)) } }
        router.get("web/diff/:a/:b") { request, context in
            await page(request, context) {
                try await diffPage(try context.parameters.require("a"), try context.parameters.require("b"), viewer: context.webViewer)
            }
        }
        router.get("web/**") { request, _ in
            WebPage.error(.notFound("There is no page at \(request.uri.path)")).response
        }
    }

    /// Runs a page's work, turning every failure into an error page (never a dropped request):
    /// store errors get the API's statuses (`GLaaSError(_:)`); anything unexpected is logged
    /// with the request id and shown as a 500 that names the id, never the error itself.
    func page(_ request: Request, _ context: Context, _ body: () async throws -> WebPageResult) async -> Response {
        if let parameter = QueryText.parameterWithControlCharacter(in: request.uri.query) {
            return WebPage.error(.badRequest(QueryText.refusal(parameter))).response
        }
        do {
            switch try await body() {
            case .page(var page):
                page.account = context.webAccount
                return page.response
            case .redirect(let location): return Response(status: .seeOther, headers: [.location: location, .contentLength: "0"])
            }
        } catch let error as WebPageError {
            return WebPage.error(error).response
        } catch let error as LineageModelError {
            return WebPage.error(.badRequest(error.description)).response
        } catch let error as LineageStoreError {
            let mapped = GLaaSError(error)
            return WebPage.error(WebPageError(mapped.status, mapped.message)).response
        } catch {
            context.logger.error(
                "Unhandled error in a web page",
                metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)", "request_id": "\(context.id)"])
            return WebPage.error(WebPageError(.internalServerError, "The page failed because of an error on the server (request id \(context.id))."))
                .response
        }
    }
}

/// What a page handler produces: a page, or a redirect to the one address that is meant.
enum WebPageResult {
    case page(WebPage)
    case redirect(String)
}
