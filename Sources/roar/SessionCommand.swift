import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "The sessions of this project: the active one's hash, the list, one session's jobs.",
        subcommands: [SessionHashCommand.self, SessionListCommand.self, SessionShowCommand.self])
}

struct SessionHashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the active session's lineage hash: what roar register (no target) would publish it as.",
        discussion: """
            The hash covers who publishes: with glaas.url set, the registry is asked who the login or SSH key is \
            (as roar register decides it, following the project's scope); without glaas.url, or with --anonymous, \
            it is the anonymous publication's hash (what roar register --dry-run shows). Prints only the hash, \
            for $(roar session hash).
            """)

    @Flag(help: "The hash of an anonymous publication, without asking the registry.")
    var anonymous = false

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            let (_, configuration, store) = try openProject()
            let session = try store.activeSessionID()
            guard !(try store.jobs(session: session)).isEmpty else {
                throw RoarError.usage("session \(session) has no jobs yet: record one with roar run (there is nothing to hash)")
            }
            let selection = try RegistrationSelection.select(nil, store: store)
            let identity = try await creatorIdentity(configuration, store: store)
            let plan = RegistrationPlan(selection: selection, creatorIdentity: identity)
            if output.json {
                print(
                    Output.json([
                        "session": .int(session), "hash": .string(plan.lineageHash), "creator_identity": .string(identity),
                        "jobs": .int(Int64(plan.jobs.count)),
                    ]))
            } else {
                print(plan.lineageHash)
            }
        } catch {
            throw fail(error)
        }
    }

    /// Who `roar register` would publish as: anonymous without a registry, else as its
    /// publisher decides (login, SSH key, scope).
    func creatorIdentity(_ configuration: RoarConfiguration, store: LocalStore) async throws -> String {
        guard !anonymous, configuration.glaasURL != nil else { return "anonymous" }
        let options = configuration.scope.map(Publisher.Options.init(scope:)) ?? Publisher.Options()
        let connection = try RegistryConnection(configuration: configuration, loadKey: !options.anonymous, loadLogin: !options.anonymous)
        return try await Publisher(connection: connection, store: store, progress: { warn($0) }).mode(options).creatorIdentity
    }
}

struct SessionListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sessions: id, start, jobs; * marks the active one.")

    @OptionGroup var output: JSONOption

    func run() throws {
        do {
            let sessions = try openProject().2.sessions()
            if output.json {
                print(
                    Output.json(
                        .array(
                            sessions.map {
                                [
                                    "id": .int($0.id), "created_at": .string(ISO8601DateFormatter().string(from: $0.createdAt)),
                                    "jobs": .int(Int64($0.jobCount)), "active": .bool($0.active),
                                ]
                            })))
                return
            }
            var rows = [["", "SESSION", "STARTED", "JOBS"]]
            for session in sessions {
                rows.append([session.active ? "*" : "", String(session.id), Output.time(session.createdAt), String(session.jobCount)])
            }
            print(Output.table(rows))
        } catch {
            throw fail(error)
        }
    }
}

struct SessionShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "List the jobs of a session (the active one by default), as roar log does.")

    @Argument(help: "A session id from roar session list.")
    var id: String?

    @OptionGroup var output: JSONOption

    func run() throws {
        do {
            let (project, _, store) = try openProject()
            let session: Int64
            if let id {
                guard let number = Int64(id), try store.sessions().contains(where: { $0.id == number }) else {
                    throw RoarError.usage("no session \(TerminalText.escaped(String(id.prefix(40)))) (see roar session list)")
                }
                session = number
            } else {
                session = try store.activeSessionID()
            }
            let presenter = SessionPresenter(project: project, store: store)
            print(output.json ? Output.json(try presenter.logJSON(session: session)) : try presenter.logText(session: session))
        } catch {
            throw fail(error)
        }
    }
}
