import Foundation
import LineageStore
import PostgresNIO

/// `postgres://user:password@host:port/database[?search_path=schema&sslmode=verify-full&sslrootcert=ca.pem&max_connections=N]`.
enum PostgresURL {
    /// The pool's configuration, and one for a single connection to the same server as the
    /// same role (the store's first connection, whose failure is reported as it happened).
    static func configuration(_ text: String) throws -> (client: PostgresClient.Configuration, probe: PostgresConnection.Configuration) {
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
        var tlsMode = PostgresTLSMode.disable
        var rootCertificate: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "search_path":
                if let value = item.value { configuration.options.additionalStartupParameters.append(("search_path", value)) }
            case "sslmode":
                tlsMode = try PostgresTLSMode(parameter: item.value)
            case "sslrootcert":
                guard let value = item.value, !value.isEmpty else { throw LineageStoreError.invalid("sslrootcert needs a file") }
                rootCertificate = (value as NSString).expandingTildeInPath
            case "max_connections":
                if let value = item.value.flatMap(Int.init), value > 0 { configuration.options.maximumConnections = value }
            default:
                throw LineageStoreError.invalid("unknown PostgreSQL URL parameter \(item.name)")
            }
        }
        let tls = try tlsMode.configuration(rootCertificate: rootCertificate)
        configuration.tls = tlsMode.clientTLS(tls)
        configuration.options.connectTimeout = .seconds(5)
        var probe = PostgresConnection.Configuration(
            host: configuration.host ?? "127.0.0.1", port: configuration.port ?? 5432, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: try tlsMode.connectionTLS(tls))
        probe.options.connectTimeout = .seconds(5)
        return (configuration, probe)
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
