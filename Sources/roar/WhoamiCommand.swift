import ArgumentParser
import Foundation
import GLaaSClient
import LineageModel
import RoarKit

struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Who the login to the registry at glaas.url is, as the registry answers for it.",
        discussion: "Refreshes the login when it is about to expire. Exits non-zero when not logged in.")

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            let (_, _, connection) = try RegistryContext.connection(loadKey: false)
            let registry = connection.endpoint.baseURL
            guard connection.login != nil else { throw RoarError.failed("not logged in to \(registry) (run `roar login`)") }
            guard case .bearer(let token) = try await RegistryAuthenticator(connection: connection, note: { warn($0) }).resolve() else {
                throw RoarError.failed("the login to \(registry) has expired (run `roar login`)")
            }
            let context: AccessContext
            do {
                context = try await connection.client.accessContext(credential: .bearer(token))
            } catch let error as RegistryClientError where error.status == 401 {
                throw RoarError.failed("the registry at \(registry) no longer accepts this login (run `roar login`): \(error)")
            }
            // Reread: a refresh just now replaced the stored entry.
            let login = try connection.tokens.login(for: registry) ?? connection.login!
            let organizations = context.owners.filter { $0.type == "organization" }.map(\.username)
            if output.json {
                var fields = RegistryContext.json(login).objectValue ?? [:]
                fields["registry"] = .string(registry)
                fields["user"] = [
                    "id": .string(context.user.id), "username": .string(context.user.username),
                    "email": context.user.email.map(JSONValue.string) ?? .null, "sub": context.user.sub.map(JSONValue.string) ?? .null,
                ]
                fields["organizations"] = .array(organizations.map(JSONValue.string))
                fields["store"] = .string(connection.tokens.path)
                print(Output.json(.object(fields)))
                return
            }
            let user = context.user
            print(
                Output.table([
                    ["user", user.email.map { "\(user.username) <\($0)>" } ?? user.username],
                    ["user id", user.id],
                    ["registry", registry],
                    ["organizations", organizations.isEmpty ? "none" : organizations.joined(separator: ", ")],
                    ["expires", RegistryContext.expiry(login.expiresAt)],
                    [
                        "refresh",
                        login.refreshToken == nil ? "none" : login.refreshExpiresAt.map { "until \(RegistryContext.expiry($0))" } ?? "available",
                    ],
                    ["store", connection.tokens.path],
                ]))
        } catch {
            throw fail(error)
        }
    }
}
