import Foundation
import LineageStore
import Logging
import PostgresLineageStore
import SQLiteLineageStore

/// The stores the conformance suites run against: SQLite always, PostgreSQL when
/// `GLAAS_TEST_POSTGRES_URL` names a database (the test command starts a scratch cluster).
/// Each `make()` is a new, empty store: a fresh SQLite file, or a fresh schema.
///
/// A suite whose tests take `arguments: StoreKind.available` carries the `.everyStore` trait,
/// which says so when a run leaves the PostgreSQL cases out.
public enum StoreKind: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqlite
    case postgres

    /// The kind's name, as test output shows the argument.
    public var description: String { rawValue }

    /// The kinds available in this run.
    public static var available: [StoreKind] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// `GLAAS_TEST_POSTGRES_URL`, when set and not empty.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["GLAAS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `GLAAS_TEST_POSTGRES_CA`: the PEM file of the authority that signed the test cluster's
    /// TLS certificate (for `localhost`), when the cluster takes TLS and its URL is set.
    public static var postgresCertificateAuthority: String? {
        guard postgresURL != nil else { return nil }
        return ProcessInfo.processInfo.environment["GLAAS_TEST_POSTGRES_CA"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Why the PostgreSQL cases cannot run, nil when they can.
    public static var postgresUnavailableReason: String? {
        postgresURL == nil ? "GLAAS_TEST_POSTGRES_URL is not set" : nil
    }

    /// A new, empty store reading the time from `clock`.
    public func make(clock: StoreClock = .system) async throws -> any RegistryStore & StoreMaintenance {
        try await open(try await makeLocation(), clock: clock)
    }

    /// Where a new, empty store can live: a fresh SQLite path, or the URL of a fresh schema.
    public func makeLocation() async throws -> String {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-store-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return directory.appendingPathComponent("registry.sqlite").path
        case .postgres:
            return try await Self.makeScratchPostgresURL()
        }
    }

    /// A store on `location` (from `makeLocation()`), which another store may already have
    /// opened; statements running past `statementTimeout` are stopped.
    public func open(
        _ location: String, clock: StoreClock = .system, statementTimeout: Duration? = .seconds(10)
    ) async throws -> any RegistryStore & StoreMaintenance {
        switch self {
        case .sqlite:
            return try SQLiteStore(path: location, clock: clock, statementTimeout: statementTimeout)
        case .postgres:
            return try await PostgresStore(
                url: location + "&max_connections=3", logger: Logger(label: "test"), clock: clock, statementTimeout: statementTimeout)
        }
    }

    /// The URL of a fresh, empty schema in the test database, for tests that start servers.
    public static func makeScratchPostgresURL() async throws -> String {
        guard let url = postgresURL else { throw TestFailure("GLAAS_TEST_POSTGRES_URL is not set") }
        let schema = try await PostgresSchema.create(in: url)
        return "\(url)\(url.contains("?") ? "&" : "?")search_path=\(schema)"
    }

    /// A PostgreSQL store on an existing URL (for tests that check what servers wrote).
    public static func openPostgres(_ url: String) async throws -> any RegistryStore & StoreMaintenance {
        try await PostgresStore(url: url + (url.contains("?") ? "&" : "?") + "max_connections=2", logger: Logger(label: "test"))
    }
}
