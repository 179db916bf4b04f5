import GLaaSHTTP
import HTTPTypes
import Hummingbird

/// Applies the request limits before anything reads a body: the matched route's body limit
/// (a declared `Content-Length` above it is refused with 413 unread), the number of requests in
/// flight and the bytes of bodies buffered at once (beyond either, 503 with `Retry-After`).
/// Query parameters with control characters are refused with 400 (`QueryText`).
/// `/api/v1/health` is exempt from the in-flight limit so that an overloaded server still says
/// it is alive.
struct RequestLimitMiddleware: RouterMiddleware {
    typealias Context = GLaaSRequestContext

    let gate: RequestGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.bodyLimit = BodyLimit.limit(method: request.method, endpoint: context.endpointPath)
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > context.bodyLimit.bytes {
            throw GLaaSError(
                .contentTooLarge, code: "PAYLOAD_TOO_LARGE",
                "Request body of \(declared) bytes is larger than this route accepts (\(context.bodyLimit.bytes) bytes)")
        }
        // The web answers the same refusal as a page (`WebUI.page`).
        if !Self.isWebPage(context.endpointPath), let parameter = QueryText.parameterWithControlCharacter(in: request.uri.query) {
            throw GLaaSError.badRequest(QueryText.refusal(parameter))
        }
        let exempt = context.endpointPath == "/api/v1/health"
        if !exempt {
            guard gate.enter() else {
                throw GLaaSError.unavailable("The server is handling \(gate.maximumInFlight) requests; retry shortly")
            }
        }
        defer { if !exempt { gate.leave() } }
        // A body without a declared length may use the whole of the route's limit.
        let chunked = request.headers[.transferEncoding] != nil
        let reserved = declared ?? (chunked ? context.bodyLimit.bytes : 0)
        guard reserved == 0 || gate.reserveBody(reserved) else {
            throw GLaaSError.unavailable("The server is reading as many request bodies as it holds at once; retry shortly")
        }
        defer { if reserved > 0 { gate.releaseBody(reserved) } }
        return try await next(request, context)
    }

    static func isWebPage(_ endpoint: String?) -> Bool {
        guard let endpoint else { return false }
        return endpoint == "/" || endpoint.hasPrefix("/web/") || endpoint == "/web"
    }
}
