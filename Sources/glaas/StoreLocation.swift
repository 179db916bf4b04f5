import ArgumentParser
import Foundation
import LineageStore
import Logging
import PostgresLineageStore
import SQLiteLineageStore

/// Resolves `--database` to a store: a SQLite file (`PATH` or `sqlite:PATH`) or a PostgreSQL
/// database (`postgres://user:password@host:port/database`).
enum StoreLocation {
    enum Location {
        case sqlite(path: String)
        case postgres(url: String)

        /// For messages: the path, or the URL without its password.
        var description: String {
            switch self {
            case .sqlite(let path): return path
            case .postgres(let url):
                guard var components = URLComponents(string: url) else { return "PostgreSQL" }
                if components.password != nil { components.password = "***" }
                return components.string ?? "PostgreSQL"
            }
        }
    }

    static func resolve(_ option: String?) throws -> Location {
        let environment = ProcessInfo.processInfo.environment
        var location = option ?? environment["GLAAS_DATABASE"] ?? defaultPath(environment)
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") { return .postgres(url: location) }
        if location.hasPrefix("sqlite://") {
            location = String(location.dropFirst("sqlite://".count))
        } else if location.hasPrefix("sqlite:") {
            location = String(location.dropFirst("sqlite:".count))
        } else if location.contains("://") {
            throw CommandFailure("unsupported database \"\(location)\": give a SQLite path, sqlite:PATH or postgres://…")
        }
        guard !location.isEmpty else { throw CommandFailure("--database needs a path or URL") }
        return .sqlite(path: (location as NSString).expandingTildeInPath)
    }

    /// `$XDG_DATA_HOME/glaas/registry.sqlite`, else under `$HOME/.local/share` (the XDG base
    /// directory default), else under the account's home directory when `HOME` is unset.
    static func defaultPath(_ environment: [String: String]) -> String {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let home = nonEmpty("HOME") ?? NSHomeDirectory()
        let base = nonEmpty("XDG_DATA_HOME") ?? (home as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("glaas/registry.sqlite")
    }

    /// Opens the store (creating a SQLite file and its directory if needed) and migrates it, or
    /// for a PostgreSQL `access` of `.serve`, checks the role may serve (`PostgresAccess`); a
    /// statement running past `statementTimeout`, or (PostgreSQL) a transaction left idle past
    /// `idleInTransactionTimeout`, is stopped (nil: no limit).
    static func open(
        _ option: String?, logger: Logger = Logger(label: "glaas"), statementTimeout: Duration? = .seconds(10),
        idleInTransactionTimeout: Duration? = .seconds(30), access: PostgresAccess = .migrate
    ) async throws -> (
        store: any RegistryStore & StoreMaintenance, location: Location
    ) {
        let location = try resolve(option)
        do {
            switch location {
            case .sqlite(let path):
                let directory = (path as NSString).deletingLastPathComponent
                if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
                return (try SQLiteStore(path: path, statementTimeout: statementTimeout), location)
            case .postgres(let url):
                return (
                    try await PostgresStore(
                        url: url, logger: logger, statementTimeout: statementTimeout, idleInTransactionTimeout: idleInTransactionTimeout,
                        access: access),
                    location
                )
            }
        } catch {
            throw CommandFailure("cannot open the database at \(location.description): \(error)")
        }
    }
}
