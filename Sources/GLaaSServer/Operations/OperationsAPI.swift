import Hummingbird
import LineageStore
import NIOCore

/// `GET /metrics`: the Prometheus exposition of `ServerMetrics`, for scrapers (no
/// authentication, like `/api/v1/health`; it holds counts of public records, never content).
struct OperationsAPI: Sendable {
    let store: any LineageReading
    let metrics: ServerMetrics

    func addRoutes(to router: Router<GLaaSRequestContext>) {
        router.get("metrics") { _, _ in
            let bytes = await metrics.scrape(store)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: String(bytes.count)],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
