import ArgumentParser
import Foundation
import GLaaSServer
import LineageModel
import LineageStore

/// `glaas tokens`: Bearer tokens an operator issues to a user (for CI, or a machine without an
/// SSH key), revoked by name with immediate effect.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Issue, list and revoke a user's Bearer tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a Bearer token for a user and print it (once: the registry keeps only its SHA-256).")

        @Argument(help: "The user's name.")
        var user: String

        @Option(help: "What the token is for (unique among the user's live tokens), e.g. ci-nightly.")
        var name: String

        @Option(help: "Days until it expires (default: until revoked).")
        var expiresDays: Int?

        @Flag(help: "Print the result as JSON.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func validate() throws {
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ValidationError("a token name is 1-64 letters, digits, '-', '_' or '.'")
            }
            if let expiresDays, !(1...3650).contains(expiresDays) { throw ValidationError("--expires-days must be 1 to 3650") }
        }

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            guard let account = try await database.user(named: user) else { throw CommandFailure("no user named \(user)") }
            do {
                let (secret, token) = try await BearerSecret.issue(for: account, name: name, days: expiresDays, in: database)
                if json {
                    print(CanonicalJSON.string(TokensCommand.json(token, user: account, secret: secret)))
                } else {
                    let until = token.expiresAt.map { "expires \($0.formatted(.iso8601))" } ?? "does not expire"
                    print("Token \(name) for \(account.name) (\(until)); shown once, keep it secret:")
                    print(secret)
                }
            } catch let error as LineageStoreError {
                throw CommandFailure(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's tokens (never their secrets).")

        @Argument(help: "The user's name.")
        var user: String

        @Flag(help: "Print the tokens as a JSON array.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            guard let account = try await database.user(named: user) else { throw CommandFailure("no user named \(user)") }
            let tokens = try await database.tokens(ofUser: account.id)
            if json {
                print(CanonicalJSON.string(.array(tokens.map { TokensCommand.json($0, user: account, secret: nil) })))
                return
            }
            let width = max(8, tokens.map(\.name.count).max() ?? 0)
            for token in tokens {
                print("\(token.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(TokensCommand.state(token, at: Date()))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a user's token by name, at once.")

        @Argument(help: "The user's name.")
        var user: String

        @Argument(help: "The token's name.")
        var name: String

        @Flag(help: "Print the result as JSON.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            guard let account = try await database.user(named: user) else { throw CommandFailure("no user named \(user)") }
            let revoked = try await database.revokeTokens(named: name, ofUser: account.id)
            guard revoked > 0 else { throw CommandFailure("\(user) has no live token named \(name.prefix(80)) (see `glaas tokens list \(user)`)") }
            if json {
                print(CanonicalJSON.string(["user": .string(account.name), "name": .string(name), "revoked": .int(Int64(revoked))]))
            } else {
                print("Revoked \(name) of \(account.name)")
            }
        }
    }

    static func json(_ token: AccessToken, user: User, secret: String?) -> JSONValue {
        var members: [String: JSONValue] = [
            "user": .string(user.name), "name": .string(token.name), "id": .string(token.id),
            "created_at": .string(token.createdAt.formatted(.iso8601)),
            "expires_at": token.expiresAt.map { .string($0.formatted(.iso8601)) } ?? .null,
            "revoked_at": token.revokedAt.map { .string($0.formatted(.iso8601)) } ?? .null,
        ]
        if let secret { members["token"] = .string(secret) }
        return .object(members)
    }

    static func state(_ token: AccessToken, at date: Date) -> String {
        if let revoked = token.revokedAt { return "revoked \(revoked.formatted(.iso8601))" }
        if let expires = token.expiresAt {
            return expires <= date ? "expired \(expires.formatted(.iso8601))" : "live, expires \(expires.formatted(.iso8601))"
        }
        return "live, does not expire"
    }
}
