import Foundation
import LineageStore
import PostgresNIO

extension PostgresStore {
    /// What the serving role may do to each of the registry's tables: read and append history,
    /// manage its own staging, sessions and replay cache, device logins, tokens and organization
    /// members, and only read users and keys (the operator manages those with the owner's URL:
    /// `glaas users`).
    static func runtimePrivileges(of table: String) -> String? {
        if RegistrySchema.historyTables.contains(table) { return "SELECT, INSERT" }
        if RegistrySchema.stagingTables.contains(table) || table == "registration_sessions" { return "SELECT, INSERT, UPDATE, DELETE" }
        switch table {
        case "used_signatures": return "SELECT, INSERT, DELETE"
        // Device logins and web sign-ins issue, rotate and revoke tokens while serving; members
        // and projects are managed by organization admins over HTTP as well as by the operator.
        case "access_tokens": return "SELECT, INSERT, UPDATE"
        case "device_authorizations": return "SELECT, INSERT, UPDATE, DELETE"
        case "organizations": return "SELECT"
        case "organization_members": return "SELECT, INSERT, UPDATE, DELETE"
        case "projects": return "SELECT, INSERT"
        case "users", "user_keys", "glaas_migrations": return "SELECT"
        default: return nil
        }
    }

    /// Creates `role` (LOGIN, no password: set one with ALTER ROLE, or let pg_hba decide) unless
    /// it exists, and leaves it exactly the runtime privileges on this schema's tables. Refuses
    /// a role that is a superuser or could alter the schema, and a table it does not know.
    public func grantRuntimeRole(_ role: String) async throws {
        guard Self.isPlainRoleName(role) else {
            throw LineageStoreError.invalid("a runtime role name is 1-63 lowercase letters, digits and _ starting with a letter or _: \(role)")
        }
        try await write(timeout: .seconds(120)) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema(), 7315001))", logger: self.logger)
            guard let schema = try await connection.query("SELECT current_schema()::text", logger: self.logger).collect().first?.decode(String?.self)
            else { throw LineageStoreError.invalid("the search path names no schema that exists") }
            let quoted = Self.quoted(role)
            do {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "DO $$ BEGIN CREATE ROLE \(quoted) LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"),
                    logger: self.logger)
            } catch let error as PSQLError where Self.sqlState(error) == "42501" {
                throw LineageStoreError.invalid(
                    "cannot create role \(role) (\(Self.describe(error))): create it first (CREATE ROLE \(role) LOGIN) and run again")
            }
            let (superuser, owns) =
                try await connection.query(
                    """
                    SELECT r.rolsuper, EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = current_schema() AND pg_has_role(r.oid, n.nspowner, 'MEMBER'))
                        OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = current_schema() AND pg_has_role(r.oid, c.relowner, 'MEMBER'))
                    FROM pg_roles r WHERE r.rolname = \(role)
                    """,
                    logger: self.logger
                ).collect().first?.decode((Bool, Bool).self) ?? (false, false)
            guard !superuser, !owns else {
                throw LineageStoreError.invalid(
                    "role \(role) \(superuser ? "is a superuser" : "owns the registry's schema"): a runtime role must not be able to alter it")
            }
            let tables = try await connection.query(
                "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1",
                logger: self.logger
            ).collect().map { try $0.decode(String.self) }
            let schemaName = Self.quoted(schema)
            try await connection.query(
                PostgresQuery(unsafeSQL: "REVOKE ALL ON ALL TABLES IN SCHEMA \(schemaName) FROM \(quoted)"), logger: self.logger)
            try await connection.query(PostgresQuery(unsafeSQL: "REVOKE ALL ON SCHEMA \(schemaName) FROM \(quoted)"), logger: self.logger)
            try await connection.query(PostgresQuery(unsafeSQL: "GRANT USAGE ON SCHEMA \(schemaName) TO \(quoted)"), logger: self.logger)
            for table in tables {
                guard let privileges = Self.runtimePrivileges(of: table) else {
                    throw LineageStoreError.invalid("table \(schema).\(table) is not the registry's; the runtime role was not granted anything")
                }
                try await connection.query(
                    PostgresQuery(unsafeSQL: "GRANT \(privileges) ON \(schemaName).\(Self.quoted(table)) TO \(quoted)"), logger: self.logger)
            }
        }
    }

    static func isPlainRoleName(_ name: String) -> Bool {
        guard (1...63).contains(name.utf8.count), let first = name.utf8.first, first == UInt8(ascii: "_") || (0x61...0x7A).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }

    /// An identifier in double quotes, inner quotes doubled.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
