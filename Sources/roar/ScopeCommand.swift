import ArgumentParser
import Foundation
import GLaaSClient
import LineageModel
import RoarKit

struct ScopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope",
        abstract: "Where `roar register` publishes in this project: anonymous, private, public, or an organization's project.",
        subcommands: [List.self, Use.self, Status.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The scopes you can publish in: the personal ones and your organizations' projects (with a login or an accepted key).")

        @OptionGroup var output: JSONOption

        func run() async throws {
            do {
                let (_, configuration, connection) = try RegistryContext.connection()
                let reader = RegistryReader(connection: connection, note: { warn($0) })
                let credential = try await reader.credential()
                let context = credential == .anonymous ? nil : try await reader.read { try await reader.client.accessContext(credential: $0) }
                let active = configuration.scope?.name
                var rows: [(scope: String, auth: String, visibility: String, available: Bool, note: String?, project: (String, String)?)] = [
                    ("anonymous", "none", "public anonymous", true, nil, nil),
                    ("private", "login", "private personal", context != nil, context == nil ? "roar login" : nil, nil),
                    ("public", "login", "public attributed", context != nil, context == nil ? "roar login" : nil, nil),
                ]
                for (owner, project) in context?.organizationProjects ?? [] {
                    rows.append(
                        (
                            "\(owner.username)/\(project.slug)", "login", project.visibility, project.canWrite, project.canWrite ? nil : "read only",
                            (owner.id, project.id)
                        ))
                }
                if output.json {
                    print(
                        Output.json([
                            "registry": .string(connection.endpoint.baseURL), "active": active.map(JSONValue.string) ?? .null,
                            "scopes": .array(
                                rows.map { row in
                                    [
                                        "scope": .string(row.scope), "auth": .string(row.auth), "visibility": .string(row.visibility),
                                        "available": .bool(row.available), "active": .bool(row.scope == active),
                                        "owner_id": row.project.map { .string($0.0) } ?? .null,
                                        "project_id": row.project.map { .string($0.1) } ?? .null,
                                    ]
                                }),
                        ]))
                    return
                }
                print(
                    Output.table(
                        [["SCOPE", "AUTH", "VISIBILITY", "AVAILABLE", "ACTIVE"]]
                            + rows.map { row in
                                [
                                    row.scope, row.auth, row.visibility, row.available ? "yes" : "no" + (row.note.map { " (\($0))" } ?? ""),
                                    row.scope == active ? "*" : "",
                                ]
                            }))
            } catch {
                throw fail(error)
            }
        }
    }

    struct Use: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish this project's lineages anonymously, privately, publicly, or into ORG/PROJECT (saved in .roar/config.json).")

        @Argument(help: "anonymous, private, public, or ORG/PROJECT.")
        var scope: String

        @OptionGroup var output: JSONOption

        func run() async throws {
            do {
                let project = try RoarProject.require()
                var configuration = try RoarConfiguration.load(project)
                let chosen: PublishScope
                if let named = PublishScope.named(scope) {
                    chosen = named
                } else if scope.split(separator: "/", omittingEmptySubsequences: false).count == 2 {
                    chosen = .project(try await Self.resolve(scope, configuration: configuration))
                } else {
                    throw RoarError.usage("a scope is anonymous, private, public or ORG/PROJECT, not \(scope)")
                }
                configuration.scope = chosen
                try configuration.save(project)
                if output.json {
                    print(Output.json(ScopeCommand.json(chosen, configurationPath: project.configurationPath)))
                    return
                }
                print("Set roar scope to \(chosen.name).")
                if case .project(let resolved) = chosen {
                    print("Resolved project \(resolved.projectID) to organization \(resolved.ownerID) on \(resolved.registry)")
                }
                print("Saved to \(project.configurationPath)")
            } catch {
                throw fail(error)
            }
        }

        /// `ORG/PROJECT` among the projects the user's access context lists, writable.
        static func resolve(_ name: String, configuration: RoarConfiguration) async throws -> PublishScope.Project {
            let connection = try RegistryConnection(configuration: RegistryContext.withEnvironmentURL(configuration))
            let reader = RegistryReader(connection: connection, note: { warn($0) })
            guard try await reader.credential() != .anonymous else {
                throw RoarError.usage("finding \(name) needs `roar login` (or an SSH key the registry accepts)")
            }
            let context = try await reader.read { try await reader.client.accessContext(credential: $0) }
            guard let (owner, project) = context.project(named: name) else {
                let known = context.organizationProjects.map { "\($0.owner.username)/\($0.project.slug)" }
                throw RoarError.failed(
                    "\(context.user.username) has no project \(name) on \(connection.endpoint.baseURL) (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
                )
            }
            guard project.canWrite else { throw RoarError.failed("\(context.user.username) cannot publish into \(name) (read only)") }
            return PublishScope.Project(
                name: "\(owner.username)/\(project.slug)", registry: connection.endpoint.baseURL, ownerID: owner.id, projectID: project.id,
                visibility: project.visibility)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "This project's scope and what `roar register` will publish with.")

        @OptionGroup var output: JSONOption

        func run() throws {
            do {
                let project = try RoarProject.require()
                let configuration = RegistryContext.withEnvironmentURL(try RoarConfiguration.load(project))
                let login = try configuration.glaasURL.flatMap { try TokenStore().login(for: $0) }
                if output.json {
                    var fields =
                        configuration.scope.map { ScopeCommand.json($0, configurationPath: project.configurationPath).objectValue ?? [:] } ?? [:]
                    fields["scope"] = configuration.scope.map { .string($0.name) } ?? .null
                    fields["registry"] = configuration.glaasURL.map(JSONValue.string) ?? .null
                    fields["login"] = login.map(RegistryContext.json) ?? .null
                    print(Output.json(.object(fields)))
                    return
                }
                var rows: [[String]] = [
                    [
                        "scope",
                        configuration.scope.map { "\($0.name) (\($0.visibility))" } ?? "none: public, signed when a login or an accepted key exists",
                    ]
                ]
                if case .project(let resolved)? = configuration.scope {
                    rows.append(["project", "\(resolved.projectID) of organization \(resolved.ownerID)"])
                }
                rows.append(["registry", configuration.glaasURL ?? "not configured (roar config set glaas.url URL)"])
                rows.append(["login", login.map(RegistryContext.summary) ?? "none (roar login)"])
                print(Output.table(rows))
            } catch {
                throw fail(error)
            }
        }
    }

    /// A scope as `--json` prints it.
    static func json(_ scope: PublishScope, configurationPath: String) -> JSONValue {
        var fields: [String: JSONValue] = [
            "scope": .string(scope.name), "visibility": .string(scope.visibility), "saved_to": .string(configurationPath),
        ]
        if case .project(let project) = scope {
            fields["owner_id"] = .string(project.ownerID)
            fields["project_id"] = .string(project.projectID)
            fields["registry"] = .string(project.registry)
        }
        return .object(fields)
    }
}
