import ArgumentParser
import LineageStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the database or bring its schema up to date, and list the applied migrations.")

    @OptionGroup var store: DatabaseOptions

    func run() async throws {
        let (opened, location) = try await StoreLocation.open(store.database)
        let database: any StoreMaintenance = opened
        print("\(location.description):")
        for name in try await database.appliedMigrations() { print("  \(name)") }
    }
}
