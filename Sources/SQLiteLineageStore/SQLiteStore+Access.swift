import Foundation
import GRDB
import LineageStore

extension SQLiteStore {
    /// A read in a transaction on a reader connection, awaited (never blocking a cooperative
    /// thread); database failures the caller may retry come out as `LineageStoreError`.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await mapped { try await self.pool.read(body) }
    }

    /// A write transaction on the single writer connection, awaited.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await mapped { try await self.pool.write(body) }
    }

    /// Turns a statement stopped by the statement timeout, and a database still locked by
    /// another process after the busy timeout, into `LineageStoreError.unavailable` (503 with
    /// Retry-After): the request may succeed later, and nothing was written.
    func mapped<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_INTERRUPT:
                let limit = Double(statementTimeout.nanoseconds) / 1e9
                throw LineageStoreError.unavailable("SQLite: a statement ran longer than the statement timeout (\(limit) s)")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                throw LineageStoreError.unavailable("SQLite: the database is locked (\(error.message ?? "busy"))")
            default:
                throw error
            }
        }
    }
}
