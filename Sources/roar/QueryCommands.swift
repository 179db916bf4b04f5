import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Explain an artifact (a path or digest: which job made it, from what, with which code and environment) or a job (@STEP).",
        discussion: "A digest or lineage hash the local store does not know is looked up on the registry at glaas.url.")

    @Argument(help: "A path, a digest prefix (6+ hex), a step (@3), a job uid, or a registered lineage hash.")
    var target: String

    @Flag(help: "Ask the registry first, before the local store.")
    var remote = false

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            let (project, configuration, store) = try openProject()
            if remote || !RemoteLookup.isLocal(target, store: store) {
                if try await RemoteLookup.show(target, configuration: configuration, json: output.json, required: remote) { return }
            }
            let presenter = ShowPresenter(project: project, store: store)
            let resolved = try Target.resolve(target, store: store)
            print(output.json ? Output.json(try presenter.json(resolved)) : try presenter.text(resolved))
        } catch {
            throw fail(error)
        }
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "List the jobs of the active session.")

    @OptionGroup var output: JSONOption

    func run() throws {
        do {
            let (project, _, store) = try openProject()
            let presenter = SessionPresenter(project: project, store: store)
            print(output.json ? Output.json(try presenter.logJSON()) : try presenter.logText())
        } catch {
            throw fail(error)
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Summarize the active session: jobs and current artifacts.")

    @OptionGroup var output: JSONOption

    func run() throws {
        do {
            let (project, _, store) = try openProject()
            let presenter = SessionPresenter(project: project, store: store)
            print(output.json ? Output.json(try presenter.statusJSON()) : try presenter.statusText())
        } catch {
            throw fail(error)
        }
    }
}

struct DagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dag", abstract: "Show the session's jobs and the artifacts between them.")

    @Flag(help: "Print JSON (nodes and edges).")
    var json = false

    @Flag(help: "Print a Graphviz digraph.")
    var dot = false

    func validate() throws {
        if json && dot { throw ValidationError("choose one of --json and --dot") }
    }

    func run() throws {
        do {
            let (project, _, store) = try openProject()
            let presenter = GraphPresenter(project: project, store: store)
            print(json ? Output.json(try presenter.dagJSON()) : dot ? try presenter.dagDot() : try presenter.dagText())
        } catch {
            throw fail(error)
        }
    }
}

struct LineageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage", abstract: "Show what an artifact was made from, upstream to its sources (--down: what was made from it).",
        discussion: """
            A digest the local store does not know is looked up on the registry at glaas.url. --down walks the other way,             across sessions and lineages: the jobs that read the artifact, their outputs, and so on, at most --depth jobs             deep and --limit nodes (said when reached).
            """)

    @Argument(help: "A path or a digest prefix.")
    var target: String

    @Flag(help: "Ask the registry first, before the local store.")
    var remote = false

    @Flag(help: "Show what was made from the artifact (downstream) instead of what it was made from.")
    var down = false

    @Option(help: "With --down: how many jobs down to walk (0-100).")
    var depth = 5

    @Option(help: "With --down: the most jobs and artifacts to show (1-10000).")
    var limit = 500

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            if down, RoarProject.find() == nil {
                // Outside a project the registry is the only store (GLAAS_URL, as roar-cli reads it).
                let (_, configuration) = try RegistryContext.open()
                return try await downstream(project: nil, configuration: configuration, store: nil)
            }
            let (project, configuration, store) = try openProject()
            if down { return try await downstream(project: project, configuration: configuration, store: store) }
            if remote || !RemoteLookup.isLocal(target, store: store) {
                if try await RemoteLookup.lineage(target, configuration: configuration, json: output.json, required: remote) { return }
            }
            guard case .artifact(let file) = try Target.resolve(target, store: store) else {
                throw RoarError.usage("\(target) is a job; lineage follows artifacts (a path or a digest)")
            }
            let presenter = GraphPresenter(project: project, store: store)
            print(output.json ? Output.json(try presenter.lineageJSON(file)) : try presenter.lineageText(file))
        } catch {
            throw fail(error)
        }
    }

    func downstream(project: RoarProject?, configuration: RoarConfiguration, store: LocalStore?) async throws {
        if !(0...100).contains(depth) { throw RoarError.usage("--depth must be from 0 to 100") }
        if !(1...10_000).contains(limit) { throw RoarError.usage("--limit must be from 1 to 10000") }
        var walk: ForwardWalk?
        guard let project, let store else {
            walk = try await RemoteWalk.downstream(target, configuration: configuration, depth: depth, limit: limit, required: true)
            if let walk { print(output.json ? Output.json(ForwardWalkPresenter.json(walk)) : ForwardWalkPresenter.text(walk)) }
            return
        }
        if remote || !RemoteLookup.isLocal(target, store: store) {
            let reference = RemoteLookup.reference(target, store: store, remote: remote)
            walk = try await RemoteWalk.downstream(reference, configuration: configuration, depth: depth, limit: limit, required: remote)
        }
        if walk == nil {
            guard case .artifact(let file) = try Target.resolve(target, store: store) else {
                throw RoarError.usage("\(target) is a job; lineage follows artifacts (a path or a digest)")
            }
            walk = try ForwardWalk.local(from: file, store: store, project: project, depth: depth, limit: limit)
        }
        guard let walk else { return }
        print(output.json ? Output.json(ForwardWalkPresenter.json(walk)) : ForwardWalkPresenter.text(walk))
    }
}
