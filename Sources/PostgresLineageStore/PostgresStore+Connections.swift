import Foundation
import LineageStore
import Logging
import NIOSSL
import PostgresNIO

extension PostgresStore {
    /// Runs `body` on a pooled connection, outside a transaction.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await guarded {
            try await self.client.withConnection { connection in try await body(connection) }
        }
    }

    /// Runs `body` in a transaction, retried when PostgreSQL reports a deadlock or a
    /// serialization failure (both mean: nothing happened, try again).
    func write<T: Sendable>(timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await guarded(timeout: timeout) {
                    try await self.client.withConnection { connection in
                        try await connection.query("BEGIN", logger: self.logger)
                        do {
                            let result = try await body(connection)
                            try await connection.query("COMMIT", logger: self.logger)
                            return result
                        } catch {
                            _ = try? await connection.query("ROLLBACK", logger: self.logger)
                            throw error
                        }
                    }
                }
            } catch let error as PSQLError where attempt < 4 && Self.isRetryable(error) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(5 << attempt))
            }
        }
    }

    /// Bounds the wait for the database and turns connection failures into
    /// `LineageStoreError.unavailable`, which the server answers with 503.
    func guarded<T: Sendable>(timeout: Duration? = nil, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let timeout = timeout ?? operationTimeout
        do {
            return try await withThrowingTaskGroup(of: T.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw LineageStoreError.unavailable("no answer from PostgreSQL within \(timeout)")
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch let error as PSQLError {
            if Self.isUnavailable(error) { throw LineageStoreError.unavailable(Self.describe(error)) }
            if Self.isRetryable(error) { throw error }
            // Integrity violations (the append-only triggers among them) and bad data are the
            // caller's; anything else is a fault of ours and stays a PSQLError (logged, 500).
            switch Self.sqlState(error)?.prefix(2) {
            case "23"?: throw LineageStoreError.conflict(Self.describe(error))
            case "22"?: throw LineageStoreError.invalid(Self.describe(error))
            default: throw error
            }
        } catch is CancellationError where !Task.isCancelled {
            throw LineageStoreError.unavailable("the database operation was cancelled")
        }
    }

    /// Opens and closes one connection, so that a wrong address, password or certificate is
    /// reported as what it is, at once, rather than as a pool that never hands out a connection.
    static func probe(_ configuration: PostgresConnection.Configuration, logger: Logger, timeout: Duration = .seconds(15)) async throws {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                    try await connection.close()
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw LineageStoreError.unavailable("no answer from PostgreSQL within \(timeout)")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch let error as PSQLError {
            var reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            if let underlying = error.underlying as? NIOSSLExtraError, underlying == .failedToValidateHostname {
                reason = "the server's certificate does not name the host in the URL (sslmode=verify-full checks it, verify-ca does not)"
            }
            throw LineageStoreError.unavailable("cannot connect to PostgreSQL: \(reason)")
        }
    }

    static func sqlState(_ error: PSQLError) -> String? {
        error.serverInfo?[.sqlState]
    }

    static func isRetryable(_ error: PSQLError) -> Bool {
        ["40P01", "40001"].contains(sqlState(error) ?? "")
    }

    static func isUnavailable(_ error: PSQLError) -> Bool {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown, .queryCancelled:
            return true
        default:
            guard let state = sqlState(error) else { return false }
            // 57014: a statement cancelled by statement_timeout; 25P03: a connection closed by
            // idle_in_transaction_session_timeout. Nothing was committed; the client may retry.
            return state.hasPrefix("08") || state.hasPrefix("57P") || ["53300", "57014", "25P03"].contains(state)
        }
    }

    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return "PostgreSQL: \(message)" }
        return "PostgreSQL: \(error.code)"
    }
}
