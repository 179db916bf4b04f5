import Foundation
import Logging
import PostgresNIO

/// Schemas of their own for tests sharing one PostgreSQL database.
enum PostgresSchema {
    /// Creates a schema with a new unique name in the database at `url`; returns its name.
    static func create(in url: String) async throws -> String {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        guard let components = URLComponents(string: url) else { throw TestFailure("bad PostgreSQL URL \(url)") }
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable)
        let logger = Logger(label: "test")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        return schema
    }
}
