import ArgumentParser
import Foundation
import GLaaSClient
import LineageModel
import RoarKit

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to the registry at glaas.url: a device login approved elsewhere, or a token from a file.",
        discussion: """
            Prints a code to approve with `roar auth approve CODE` on a machine whose SSH key the registry knows (or in \
            a signed-in browser), then waits. The login is kept per registry in \
            ${XDG_CONFIG_HOME:-~/.config}/roar/registries.json (mode 0600); register, show, lineage, diff and \
            reproduce use it, refreshing it when it is about to expire.
            """)

    @Option(help: "A JSON file holding access_token (and optionally refresh_token, expires_at) to store instead.")
    var tokenFile: String?

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            let (_, _, connection) = try RegistryContext.connection(loadKey: false, loadLogin: false)
            let client = connection.client
            let login: RegistryLogin
            if let tokenFile {
                login = try await Self.imported(tokenFile, client: client)
            } else {
                let authorization: DeviceAuthorization
                do {
                    authorization = try await client.startDeviceLogin()
                } catch let error as RegistryClientError where error.status == 404 || error.status == 405 {
                    throw RoarError.failed(
                        "the registry at \(client.endpoint.baseURL) offers no device login (\(error)); ask its operator for a token and use `roar login --token-file FILE`"
                    )
                }
                Self.prompt(authorization)
                let token = try await client.waitForDeviceToken(authorization)
                let context = try await client.accessContext(credential: .bearer(token.accessToken))
                login = RegistryLogin(token, context: context)
            }
            try connection.tokens.save(login, for: client.endpoint.baseURL)
            if output.json {
                var fields = RegistryContext.json(login).objectValue ?? [:]
                fields["registry"] = .string(client.endpoint.baseURL)
                fields["store"] = .string(connection.tokens.path)
                print(Output.json(.object(fields)))
            } else {
                print("Logged in to \(client.endpoint.baseURL) as \(login.who)")
                print("Saved to \(connection.tokens.path)")
            }
        } catch {
            throw fail(error)
        }
    }

    /// What to do with the code, on stderr (stdout stays the result).
    static func prompt(_ authorization: DeviceAuthorization) {
        let code = authorization.userCode
        warn("Open \(authorization.verificationURIComplete ?? authorization.verificationURI) and enter the code \(code),")
        warn("or approve it with `roar auth approve \(code)` from a machine whose SSH key the registry knows, or in a signed-in browser.")
        warn("Waiting for approval (the code expires in \(max(1, authorization.expiresIn / 60)) min)...")
    }

    /// The token in `path`, checked with the registry's access context.
    static func imported(_ path: String, client: RegistryClient) async throws -> RegistryLogin {
        guard let data = FileManager.default.contents(atPath: path) else { throw RoarError.usage("cannot read \(path)") }
        let token: IssuedToken
        do {
            token = try IssuedToken(json: try JSONParser.parse(Array(data)), path: path)
        } catch {
            throw RoarError.usage("\(path) must be a JSON object with an access_token (\(error))")
        }
        do {
            return RegistryLogin(token, context: try await client.accessContext(credential: .bearer(token.accessToken)))
        } catch let error as RegistryClientError where error.status == 401 || error.status == 403 {
            throw RoarError.failed("the registry at \(client.endpoint.baseURL) does not accept the token in \(path) (\(error))")
        }
    }
}
