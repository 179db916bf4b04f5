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
        commandName: "lineage", abstract: "Show what an artifact was made from, upstream to its sources.",
        discussion: "A digest the local store does not know is looked up on the registry at glaas.url.")

    @Argument(help: "A path or a digest prefix.")
    var target: String

    @Flag(help: "Ask the registry first, before the local store.")
    var remote = false

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            let (project, configuration, store) = try openProject()
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
}
