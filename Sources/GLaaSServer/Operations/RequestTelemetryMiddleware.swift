import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Logs every request as one structured line (method, path, status, duration, request id) and
/// counts it in the metrics, by route template so that ids in paths do not multiply series.
/// Added first, so it sees the status of errors already turned into JSON answers.
struct RequestTelemetryMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The response header that carries the request id.
    static var requestIDHeader: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        let status: Int
        var response: Response
        do {
            response = try await next(request, context)
            status = response.status.code
        } catch {
            let code = (error as? any HTTPResponseError)?.status.code ?? 500
            record(request, context, status: code, duration: clock.now - started)
            throw error
        }
        response.headers[Self.requestIDHeader] = context.id
        record(request, context, status: status, duration: clock.now - started)
        return response
    }

    func record(_ request: Request, _ context: Context, status: Int, duration: Duration) {
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status, duration: duration)
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "route": "\(route)", "status": "\(status)",
                "duration_ms": "\((milliseconds * 1000).rounded() / 1000)", "request_id": "\(context.id)",
            ])
    }
}
