import Foundation
import LineageStore
import Prometheus

/// The server's Prometheus metrics (`GET /metrics`, docs/operations.md): requests and their
/// durations by method, route template and status, and the store's lineage and artifact counts,
/// read when scraped.
public final class ServerMetrics: Sendable {
    /// The registry every glaas metric is registered in.
    public let registry: PrometheusCollectorRegistry

    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "glaas", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests answered, by method, route template and status code")
    }
    static var durations: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "glaas", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time from receiving a request to its response head, by method, route template and status code")
    }
    static var lineages: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "glaas", subsystem: "store", metricName: "lineages", unitName: "",
            helpText: "Public lineages in the store, read at scrape time")
    }
    static var scrapeErrors: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "glaas", subsystem: "store", metricName: "count_errors", unitName: "total",
            helpText: "Scrapes whose store counts could not be read")
    }

    /// Metrics in a new registry of their own.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Counts one answered request.
    public func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
        registry.makeDurationHistogram(descriptor: Self.durations, labels: labels, buckets: Self.durationBuckets).record(duration)
    }

    /// The exposition text (format 0.0.4), with the store counts refreshed first. `/metrics` is
    /// read without authentication, so it counts what anyone may see: public lineages only (a
    /// count of private ones, or of all artifacts, would tell strangers when others publish).
    public func scrape(_ store: any LineageReading) async -> [UInt8] {
        do {
            let publicLineages = try await store.recentLineages(visibleTo: .anonymous, limit: 1).total
            registry.makeGauge(descriptor: Self.lineages).set(to: Double(publicLineages))
        } catch {
            registry.makeCounter(descriptor: Self.scrapeErrors).increment()
        }
        return registry.emitToBuffer()
    }
}
