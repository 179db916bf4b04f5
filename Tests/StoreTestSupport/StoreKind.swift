import Foundation
import LineageStore
import SQLiteLineageStore
import Logging
import PostgresLineageStore
import PostgresNIO

/// The stores the conformance suite runs against: SQLite always, PostgreSQL when
/// `GLAAS_TEST_POSTGRES_URL` names a database (the test command starts a scratch cluster).
public enum StoreKind: String, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The kinds available in this run.
    public static var available: [StoreKind] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["GLAAS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A new, empty store: a fresh SQLite file, or a fresh schema in the test database.
    public func make() async throws -> any RegistryStore & StoreMaintenance {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-store-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try SQLiteStore(path: directory.appendingPathComponent("registry.sqlite").path)
        case .postgres:
            guard let url = Self.postgresURL else { throw StoreKindError("GLAAS_TEST_POSTGRES_URL is not set") }
            let schema = try await Self.makeSchema(url)
            let separator = url.contains("?") ? "&" : "?"
            return try await PostgresStore(url: "\(url)\(separator)search_path=\(schema)&max_connections=3", logger: Logger(label: "test"))
        }
    }

    /// The URL of a fresh, empty schema in the test database, for tests that start servers.
    public static func makeScratchPostgresURL() async throws -> String {
        guard let url = postgresURL else { throw StoreKindError("GLAAS_TEST_POSTGRES_URL is not set") }
        let schema = try await makeSchema(url)
        return "\(url)\(url.contains("?") ? "&" : "?")search_path=\(schema)"
    }

    static func makeSchema(_ url: String) async throws -> String {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        guard let components = URLComponents(string: url) else { throw StoreKindError("bad URL \(url)") }
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "test"))
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: Logger(label: "test"))
        return schema
    }
}

public struct StoreKindError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Opens a PostgreSQL store on an existing URL (for tests that check what servers wrote).
public enum PostgresStoreOpener {
    public static func open(_ url: String) async throws -> any RegistryStore & StoreMaintenance {
        try await PostgresStore(url: url + (url.contains("?") ? "&" : "?") + "max_connections=2", logger: Logger(label: "test"))
    }
}
