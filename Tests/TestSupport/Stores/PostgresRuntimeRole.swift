import Foundation

/// The role test servers on PostgreSQL run as, as an operator would deploy them: the owner
/// migrates the schema and grants this role reading and appending (`glaas migrate
/// --runtime-role`), and `glaas serve` connects as it. One role for the whole cluster; each
/// schema grants it its own tables.
public enum PostgresRuntimeRole {
    public static let name = "glaas_test_runtime"

    /// `ownerURL` with its user replaced by `role` (and no password: the test clusters trust
    /// connections from 127.0.0.1).
    public static func url(forOwnerURL ownerURL: String, role: String = name) throws -> String {
        guard var components = URLComponents(string: ownerURL) else { throw TestFailure("not a URL: \(ownerURL)") }
        components.user = role
        components.password = nil
        guard let url = components.string else { throw TestFailure("cannot rewrite \(ownerURL)") }
        return url
    }

    /// Migrates the schema of `ownerURL` and grants the runtime role its privileges there;
    /// returns the URL a server connects with.
    public static func prepare(ownerURL: String, role: String = name) async throws -> String {
        let result = try await GlaasCommand.run(["migrate", "--database", ownerURL, "--runtime-role", role])
        guard result.status == 0 else { throw TestFailure("glaas migrate --runtime-role \(role) failed (\(result.status)): \(result.stderr)") }
        return try url(forOwnerURL: ownerURL, role: role)
    }
}
