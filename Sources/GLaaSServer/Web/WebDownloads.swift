import GLaaSHTTP
import GLaaSWeb
import Hummingbird
import LineageStore

/// The lineage page's download links, `/web/dag/HASH/export?format=…`: the same files as the
/// query API's `lineages/{hash}/export`, under `/web` so that a signed-in browser's session
/// counts (it never does on the API). Errors are pages, like every web route.
struct WebDownloads: Sendable {
    typealias Context = GLaaSRequestContext

    let store: any LineageDownload.Store

    func addRoutes(to router: Router<Context>) {
        router.get("web/dag/:hash/export") { request, context in
            do {
                let format = try LineageDownload.format(request.uri.queryParameters.get("format"))
                let hash = try GraphAPI.lineageHash(try context.parameters.require("hash"))
                return try await LineageDownload(store: store).response(hash: hash, format: format, viewer: context.principal.viewer)
            } catch let error as GLaaSError {
                var page = WebPage.error(WebPageError(error.status, error.message))
                page.account = context.webAccount
                return page.response
            }
        }
    }
}
