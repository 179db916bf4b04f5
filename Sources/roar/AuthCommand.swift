import ArgumentParser
import Foundation
import GLaaSClient
import LineageModel
import RoarKit

struct AuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "The SSH key that signs registry requests, whether the registry accepts it; approving other machines' logins.",
        subcommands: [Status.self, Key.self, Approve.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Is the registry reachable, is there a login, is a key found, does the registry accept it?")

        @OptionGroup var output: JSONOption

        func run() async throws {
            do {
                let (_, configuration, _) = try openProject()
                let connection = try RegistryConnection(configuration: configuration)
                let client = connection.client
                var reachable = true
                var problem: String?
                do { _ = try await client.health() } catch {
                    reachable = false
                    problem = String(describing: error)
                }
                var accepted: Bool?
                var identity: RegistryIdentity?
                if reachable, connection.key != nil {
                    switch try await client.probe() {
                    case .accepted:
                        accepted = true
                        identity = try? await client.me()
                    case .rejected(let message):
                        accepted = false
                        problem = message
                    case .inconclusive(let message): problem = message
                    }
                }
                let key = connection.key
                if output.json {
                    print(
                        Output.json([
                            "registry": .string(client.endpoint.baseURL), "reachable": .bool(reachable),
                            "key": key.map { found -> JSONValue in
                                [
                                    "path": .string(found.path), "source": .string(found.source),
                                    "fingerprint": .string(found.key.publicKey.fingerprint),
                                    "type": .string(found.key.publicKey.algorithm.rawValue),
                                ]
                            } ?? .null,
                            "accepted": accepted.map(JSONValue.bool) ?? .null,
                            "creator_identity": identity.map { JSONValue.string($0.creatorIdentity) } ?? .null,
                            "username": identity?.username.map(JSONValue.string) ?? .null, "problem": problem.map(JSONValue.string) ?? .null,
                            "skipped_keys": .array(connection.skippedKeys.map(JSONValue.string)),
                            "login": connection.login.map(RegistryContext.json) ?? .null,
                        ]))
                    return
                }
                var rows: [[String]] = [["registry", "\(client.endpoint.baseURL)  \(reachable ? "reachable" : "unreachable")"]]
                rows.append(["login", connection.login.map(RegistryContext.summary) ?? "none (roar login)"])
                if let key {
                    rows.append(["key", "\(key.path) (\(key.source))"])
                    rows.append(["fingerprint", key.key.publicKey.fingerprint])
                } else {
                    rows.append(["key", "none found (ROAR_SSH_KEY, glaas.key, ~/.ssh/id_ed25519, ~/.ssh/id_rsa)"])
                }
                for skipped in connection.skippedKeys { rows.append(["skipped", skipped]) }
                switch accepted {
                case true?:
                    rows.append(["accepted", "yes" + (identity.map { ", as \($0.username ?? $0.creatorIdentity) (\($0.creatorIdentity))" } ?? "")])
                case false?: rows.append(["accepted", "no: publishing is anonymous until an operator adds the key (`glaas users add`)"])
                case nil where key != nil && reachable: rows.append(["accepted", "unknown"])
                default: break
                }
                if let problem, accepted != false { rows.append(["problem", problem]) }
                print(Output.table(rows))
            } catch {
                throw fail(error)
            }
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public key line and fingerprint to add on the registry.")

        @OptionGroup var output: JSONOption

        func run() throws {
            do {
                let configuration = (RoarProject.find()).flatMap { try? RoarConfiguration.load($0) } ?? .default
                let located = try SSHKeyLocator(configuredPath: configuration.glaasKey).locate()
                guard let key = located.found else {
                    let reasons = located.skipped.isEmpty ? "" : " (\(located.skipped.joined(separator: "; ")))"
                    throw RoarError.failed("no usable SSH key found\(reasons); create one with `ssh-keygen -t ed25519`")
                }
                let publicKey = key.key.publicKey
                if output.json {
                    print(
                        Output.json([
                            "public_key": .string(publicKey.openSSHLine), "fingerprint": .string(publicKey.fingerprint),
                            "type": .string(publicKey.algorithm.rawValue), "path": .string(key.path), "source": .string(key.source),
                        ]))
                    return
                }
                print(publicKey.openSSHLine)
                print(
                    Output.table([
                        ["fingerprint", publicKey.fingerprint], ["type", publicKey.algorithm.rawValue], ["path", "\(key.path) (\(key.source))"],
                        ["add it", "on the registry host: glaas users add NAME --key FILE.pub"],
                    ]))
            } catch {
                throw fail(error)
            }
        }
    }
}
