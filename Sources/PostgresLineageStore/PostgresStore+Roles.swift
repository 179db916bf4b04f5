import LineageStore
import PostgresNIO

extension PostgresStore {
    /// The connection's role, schema, TLS and whether it could alter the schema.
    public func sessionFacts() async throws -> PostgresSessionFacts {
        try await read { connection in
            let rows = try await connection.query(
                """
                SELECT current_user::text, current_schema()::text, r.rolsuper,
                    (SELECT s.version FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid() AND s.ssl),
                    EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = current_schema()
                        AND pg_has_role(current_user, n.nspowner, 'MEMBER'))
                    OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema() AND pg_has_role(current_user, c.relowner, 'MEMBER'))
                FROM pg_roles r WHERE r.rolname = current_user
                """,
                logger: self.logger
            ).collect()
            guard let row = rows.first else { throw LineageStoreError.unavailable("PostgreSQL did not name the connection's role") }
            let (role, schema, superuser, tls, owns) = try row.decode((String, String?, Bool, String?, Bool).self)
            return PostgresSessionFacts(role: role, schema: schema, tlsVersion: tls, isSuperuser: superuser, ownsSchema: owns)
        }
    }

    /// Opens for `access`: migrates, or checks that a serving role may serve (see `PostgresAccess`).
    func prepare(for access: PostgresAccess) async throws {
        switch access {
        case .migrate:
            try await migrate()
        case .migrateThrough(let last):
            try await migrate(through: last)
        case .serve(let allowOwner):
            let facts = try await sessionFacts()
            if facts.mayAlterSchema {
                guard allowOwner else {
                    throw LineageStoreError.invalid(
                        "role \(facts.role) \(facts.isSuperuser ? "is a superuser" : "owns the registry's schema") and could drop its append-only triggers; "
                            + "serve as a runtime role (glaas migrate --runtime-role NAME, as the owner) or pass --allow-owner-role")
                }
                try await migrate()
            } else {
                try await requireCurrentSchema()
            }
        }
    }

    /// Refuses a schema that is missing or behind this build's migrations (a runtime role
    /// cannot migrate it).
    func requireCurrentSchema() async throws {
        let applied: Set<String>
        do {
            applied = try await read { connection in
                Set(try await connection.query("SELECT name FROM glaas_migrations", logger: self.logger).collect().map { try $0.decode(String.self) })
            }
        } catch let error as PSQLError where Self.sqlState(error) == "42P01" || Self.sqlState(error) == "42501" {
            throw LineageStoreError.invalid(
                "no registry schema this role can read here (\(Self.describe(error))); run glaas migrate --runtime-role ROLE as the schema's owner")
        }
        let pending = RegistryMigration.allCases.map(\.rawValue).filter { !applied.contains($0) }
        guard pending.isEmpty else {
            throw LineageStoreError.invalid(
                "the registry schema lacks migrations \(pending.joined(separator: ", ")); run glaas migrate as the schema's owner")
        }
    }
}
