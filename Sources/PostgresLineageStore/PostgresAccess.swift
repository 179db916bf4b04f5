import LineageStore

/// What a store may do to the registry's schema when it opens. The append-only triggers hold
/// only against a role that cannot drop them: a server should connect as a runtime role that
/// `glaas migrate --runtime-role` granted reading and appending, never as the tables' owner.
public enum PostgresAccess: Sendable, Equatable {
    /// Applies pending migrations (`glaas migrate`, the operator's commands, tests): the
    /// connecting role owns the schema.
    case migrate
    /// Serves: the schema must be current. A role that could alter it (its owner, a member of
    /// the owner, a superuser) is refused unless `allowOwner`, which then also migrates.
    case serve(allowOwner: Bool)
    /// Applies the migrations up to and including this one only: a test of a later migration
    /// starts from data written under the earlier schema.
    case migrateThrough(RegistryMigration)
}
