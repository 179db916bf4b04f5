/// Who a store is connected as and how: what `glaas migrate` reports, and what decides whether
/// `glaas serve` may use the connection.
public struct PostgresSessionFacts: Sendable, Equatable {
    /// The role the connection runs as (`current_user`).
    public let role: String
    /// The schema the registry's tables live in (`current_schema()`), nil when the search path
    /// names none that exists.
    public let schema: String?
    /// The TLS version of the connection ("TLSv1.3"), nil for a plain one.
    public let tlsVersion: String?
    public let isSuperuser: Bool
    /// Whether the role owns, or is a member of a role that owns, the schema or one of its
    /// tables: it could drop the append-only triggers.
    public let ownsSchema: Bool

    /// Whether the role could alter the registry's history behind the triggers' back.
    public var mayAlterSchema: Bool { isSuperuser || ownsSchema }
}
