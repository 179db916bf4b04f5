import Foundation
import LineageStore
import PostgresNIO

/// `postgres://user:password@host:port/database[?search_path=schema&sslmode=disable]`.
enum PostgresURL {
    static func configuration(_ text: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw LineageStoreError.invalid("not a PostgreSQL URL (postgres://user:password@host:port/database): \(text)")
        }
        let user = components.user.map { $0.removingPercentEncoding ?? $0 } ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let database = String(components.path.drop(while: { $0 == "/" }))
        var configuration = PostgresClient.Configuration(
            host: components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: components.port ?? 5432,
            username: user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.isEmpty ? nil : database,
            tls: .disable)
        for item in components.queryItems ?? [] {
            switch item.name {
            case "search_path":
                if let value = item.value { configuration.options.additionalStartupParameters.append(("search_path", value)) }
            case "sslmode":
                if item.value != "disable" {
                    throw LineageStoreError.invalid("only sslmode=disable is supported; run PostgreSQL on a trusted network or a local socket")
                }
            case "max_connections":
                if let value = item.value.flatMap(Int.init), value > 0 { configuration.options.maximumConnections = value }
            default:
                throw LineageStoreError.invalid("unknown PostgreSQL URL parameter \(item.name)")
            }
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// A timeout as a PostgreSQL setting: whole milliseconds, at least 1; "0" (no limit) for nil.
    static func milliseconds(_ duration: Duration?) -> String {
        guard let duration else { return "0" }
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return "1" }
        // PostgreSQL takes at most INT_MAX milliseconds (about 24 days).
        return String(max(1, min(Int64(Int32.max), min(seconds, 1 << 31) * 1000 + attoseconds / 1_000_000_000_000_000)))
    }
}
