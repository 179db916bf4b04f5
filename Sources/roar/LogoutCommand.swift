import ArgumentParser
import Foundation
import GLaaSClient
import LineageModel
import RoarKit

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Sign out of the registry at glaas.url: it revokes the login's tokens, and roar forgets them.",
        discussion: "The login is removed from registries.json even when the registry cannot be reached.")

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            let (_, _, connection) = try RegistryContext.connection(loadKey: false)
            let registry = connection.endpoint.baseURL
            guard let login = connection.login else {
                if output.json {
                    print(Output.json(["registry": .string(registry), "logged_out": false, "revoked": .null]))
                } else {
                    print("Not logged in to \(registry)")
                }
                return
            }
            // The registry's answer does not matter: the login is forgotten either way.
            let revoked = try? await connection.client.logout(accessToken: login.accessToken)
            try connection.tokens.remove(registry: registry)
            if output.json {
                print(
                    Output.json([
                        "registry": .string(registry), "logged_out": true, "revoked": revoked.map(JSONValue.bool) ?? .null,
                        "store": .string(connection.tokens.path),
                    ]))
            } else {
                print("Logged out of \(registry) and removed its login from \(connection.tokens.path)")
                if revoked != true { print("note: the registry did not confirm that the tokens are revoked") }
            }
        } catch {
            throw fail(error)
        }
    }
}
