import ArgumentParser
import LineageModel
import LineageStore

extension UsersCommand {
    /// `glaas users remove-key USER FINGERPRINT`: the key signs nothing from the next request on.
    struct RemoveKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-key", abstract: "Remove one of a user's keys (SHA256:… as `glaas users list` shows it), at once.")

        @Argument(help: "The user's name.")
        var name: String

        @Argument(help: "The key's fingerprint, SHA256:….")
        var fingerprint: String

        @Flag(help: "Print the result as JSON.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database: any UserDirectory = try await StoreLocation.open(store.database).store
            guard let user = try await database.user(named: name) else { throw CommandFailure("no user named \(name)") }
            guard try await database.removeKey(fingerprint: fingerprint, ofUser: user.id) else {
                throw CommandFailure("\(name) has no key \(fingerprint.prefix(80)) (see `glaas users list`)")
            }
            let left = try await database.keys(ofUser: user.id).count
            if json {
                print(CanonicalJSON.string(["user": .string(user.name), "removed": .string(fingerprint), "keys_left": .int(Int64(left))]))
            } else {
                print("Removed \(fingerprint) from \(user.name); \(left) key\(left == 1 ? "" : "s") left")
            }
        }
    }

    /// `glaas users disable USER`: none of the user's keys signs anything until enabled again.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account at once: its keys sign nothing until it is enabled.")

        @Argument(help: "The user's name.")
        var name: String

        @Flag(help: "Print the result as JSON.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            try await UsersCommand.setDisabled(true, name: name, json: json, store: store)
        }
    }

    /// `glaas users enable USER`: undoes `disable`.
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")

        @Argument(help: "The user's name.")
        var name: String

        @Flag(help: "Print the result as JSON.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            try await UsersCommand.setDisabled(false, name: name, json: json, store: store)
        }
    }

    static func setDisabled(_ disabled: Bool, name: String, json: Bool, store: DatabaseOptions) async throws {
        let database: any UserDirectory = try await StoreLocation.open(store.database).store
        guard let user = try await database.user(named: name) else { throw CommandFailure("no user named \(name)") }
        try await database.setDisabled(disabled, userID: user.id)
        if json {
            print(CanonicalJSON.string(["user": .string(user.name), "id": .string(user.id), "disabled": .bool(disabled)]))
        } else {
            print("\(disabled ? "Disabled" : "Enabled") \(user.name) (\(user.id))")
        }
    }
}
