import ArgumentParser
import Foundation
import GLaaSClient
import LineageModel
import RoarKit

extension AuthCommand {
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve (or deny) a `roar login` waiting on another machine, with this machine's SSH key.",
            discussion: "The other machine is then logged in as the user this key belongs to on the registry.")

        @Argument(help: "The code `roar login` printed (like 11D7-B127).")
        var code: String

        @Flag(help: "Deny the login instead.")
        var deny = false

        @OptionGroup var output: JSONOption

        func run() async throws {
            do {
                let (_, _, connection) = try RegistryContext.connection(loadLogin: false)
                guard let key = connection.key else {
                    throw RoarError.usage(
                        "approving a login needs an SSH key the registry knows (none found: set ROAR_SSH_KEY or glaas.key, see `roar auth key`)")
                }
                let code = code.trimmingCharacters(in: .whitespaces).uppercased()
                let approval: DeviceApproval
                do {
                    approval = try await connection.client.approveDeviceLogin(userCode: code, approve: !deny)
                } catch let error as RegistryClientError {
                    switch error.status {
                    case 404: throw RoarError.failed("no login is waiting for the code \(code) (unknown, or expired)")
                    case 409: throw RoarError.failed("the login \(code) was already approved or denied")
                    case 401, 403:
                        throw RoarError.failed(
                            "the registry does not accept the SSH key \(key.key.publicKey.fingerprint) (ask an operator to add it: `glaas users add`)"
                        )
                    default: throw error
                    }
                }
                if output.json {
                    print(
                        Output.json([
                            "user_code": .string(approval.userCode), "status": .string(approval.status),
                            "client_name": approval.clientName.map(JSONValue.string) ?? .null, "registry": .string(connection.endpoint.baseURL),
                            "key_fingerprint": .string(key.key.publicKey.fingerprint),
                        ]))
                } else {
                    let client = approval.clientName.map { " (\($0))" } ?? ""
                    print(
                        "\(approval.status == "approved" ? "Approved" : "Denied") the login \(approval.userCode)\(client) on \(connection.endpoint.baseURL)"
                    )
                }
            } catch {
                throw fail(error)
            }
        }
    }
}
