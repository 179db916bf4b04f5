import ArgumentParser
import Foundation
import LineageModel
import LineageStore
import SSHSignatures

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the accounts whose SSH keys may sign requests.",
        subcommands: [Add.self, List.self, RemoveKey.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user (or another key to an existing user) from an OpenSSH public key file.")

        @Argument(help: "The user's name.")
        var name: String

        @Option(help: "An OpenSSH public key file (id_ed25519.pub, id_rsa.pub, ...).")
        var key: String

        @Option(help: "The user's email address.")
        var email: String?

        @Flag(help: "Print the result as JSON.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func validate() throws {
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ValidationError("a user name is 1-64 letters, digits, '-', '_' or '.'")
            }
        }

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: (key as NSString).expandingTildeInPath, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot read \(key): \(error.localizedDescription)")
            }
            guard let line = text.split(whereSeparator: \.isNewline).first(where: { !$0.hasPrefix("#") && !$0.isEmpty }) else {
                throw CommandFailure("\(key) holds no public key")
            }
            let publicKey: SSHPublicKey
            do {
                publicKey = try SSHPublicKey(openSSHLine: String(line))
            } catch {
                throw CommandFailure("\(key): \(error)")
            }
            let database: any UserDirectory = try await StoreLocation.open(store.database).store
            do {
                let existing = try await database.user(named: name)
                let user: User
                if let existing { user = existing } else { user = try await database.addUser(name: name, email: email) }
                try await database.addKey(
                    UserKey(
                        fingerprint: publicKey.fingerprint, userID: user.id, keyType: publicKey.algorithm.rawValue,
                        publicKeyBase64: Data(publicKey.blob).base64EncodedString(), comment: publicKey.comment, createdAt: Date()))
                if json {
                    print(#"{"user": "\#(user.name)", "id": "\#(user.id)", "key": "\#(publicKey.fingerprint)", "created": \#(existing == nil)}"#)
                } else {
                    print(
                        "\(existing == nil ? "Added user" : "Added a key to") \(user.name) (\(user.id)): \(publicKey.algorithm.rawValue) \(publicKey.fingerprint)"
                    )
                }
            } catch let error as LineageStoreError {
                throw CommandFailure(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users and their key fingerprints.")

        @Flag(help: "Print the users as a JSON array.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database: any UserDirectory = try await StoreLocation.open(store.database).store
            var listed: [(user: User, keys: [UserKey])] = []
            for user in try await database.users() { listed.append((user, try await database.keys(ofUser: user.id))) }
            if json {
                print(
                    CanonicalJSON.string(
                        .array(
                            listed.map { user, keys in
                                [
                                    "name": .string(user.name), "id": .string(user.id), "email": user.email.map(JSONValue.string) ?? .null,
                                    "keys": .array(keys.map { .string($0.fingerprint) }),
                                    "disabled": .bool(user.disabledAt != nil),
                                ]
                            })))
                return
            }
            let width = max(16, listed.map(\.user.name.count).max() ?? 0)
            for (user, keys) in listed {
                print(
                    "\(user.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(user.id)  \(user.disabledAt == nil ? "" : "(disabled)  ")\(keys.map(\.fingerprint).joined(separator: ", "))"
                )
            }
        }
    }
}
