import ArgumentParser
import LineageModel
import LineageStore
import PostgresLineageStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the database or bring its schema up to date, and list the applied migrations.",
        discussion: """
            PostgreSQL: run as the schema's owner. --runtime-role NAME then creates the role \
            glaas serve should connect as (unless it exists) and grants it reading and appending \
            history, and nothing that could rewrite it.
            """)

    @OptionGroup var store: DatabaseOptions

    @Option(
        name: .customLong("runtime-role"),
        help: "PostgreSQL: the role to create or update for glaas serve (SELECT and INSERT on history, no ownership).")
    var runtimeRole: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let (opened, location) = try await StoreLocation.open(store.database)
        let database: any StoreMaintenance = opened
        var connection: PostgresSessionFacts?
        if let postgres = opened as? PostgresStore {
            if let runtimeRole {
                do {
                    try await postgres.grantRuntimeRole(runtimeRole)
                } catch let error as LineageStoreError {
                    throw CommandFailure("cannot set up runtime role \(runtimeRole): \(error)")
                }
            }
            connection = try await postgres.sessionFacts()
        } else if runtimeRole != nil {
            throw CommandFailure("--runtime-role is for PostgreSQL stores; a SQLite file has no roles")
        }
        let migrations = try await database.appliedMigrations()
        if json {
            func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
            let report: JSONValue = [
                "database": .string(location.description), "migrations": .array(migrations.map(JSONValue.string)),
                "role": optional(connection?.role), "tls": optional(connection?.tlsVersion), "runtimeRole": optional(runtimeRole),
            ]
            print(CanonicalJSON.string(report))
            return
        }
        print("\(location.description):")
        if let connection {
            print("  connected as \(connection.role), \(connection.tlsVersion.map { "over \($0)" } ?? "without TLS")")
        }
        if let runtimeRole { print("  runtime role \(runtimeRole): SELECT and INSERT on history; serve with it") }
        for name in migrations { print("  \(name)") }
    }
}
