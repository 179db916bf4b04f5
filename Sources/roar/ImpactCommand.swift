import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct ImpactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact", abstract: "List the final outputs made from an artifact (e.g. every model trained on a dataset).",
        discussion: """
            A final output is one no recorded job reads. Locally the walk goes down every session (at most \
            \(ImpactCommand.localDepth) jobs deep and \(ImpactCommand.localNodes) nodes, said when reached); a digest the local store does not \
            know is looked up on the registry at glaas.url, as are all with --remote.
            """)

    static let localDepth = 100
    static let localNodes = 10_000

    @Argument(help: "A path or a digest prefix.")
    var target: String

    @Flag(help: "Ask the registry first, before the local store.")
    var remote = false

    @Option(help: "List at most this many final outputs (the registry's pages are followed up to it).")
    var limit = 100

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            if !(1...100_000).contains(limit) { throw RoarError.usage("--limit must be from 1 to 100000") }
            guard RoarProject.find() != nil else {
                // Outside a project the registry is the only store (GLAAS_URL, as roar-cli reads it).
                let (_, configuration) = try RegistryContext.open()
                let found = try await RemoteWalk.terminal(target, configuration: configuration, limit: limit, required: true)
                if let found { print(output.json ? Output.json(found.json) : found.text) }
                return
            }
            let (project, configuration, store) = try openProject()
            if remote || !RemoteLookup.isLocal(target, store: store) {
                let reference = RemoteLookup.reference(target, store: store, remote: remote)
                if let found = try await RemoteWalk.terminal(reference, configuration: configuration, limit: limit, required: remote) {
                    print(output.json ? Output.json(found.json) : found.text)
                    return
                }
            }
            guard case .artifact(let file) = try Target.resolve(target, store: store) else {
                throw RoarError.usage("\(target) is a job; impact follows artifacts (a path or a digest)")
            }
            let walk = try ForwardWalk.local(from: file, store: store, project: project, depth: Self.localDepth, limit: Self.localNodes)
            var found = try TerminalDescendants.local(walk, store: store)
            if found.items.count > limit {
                found.notes.append("more final outputs remain: stopped at \(limit) of \(found.items.count) (raise --limit)")
                found.items = Array(found.items.prefix(limit))
            }
            print(output.json ? Output.json(found.json) : found.text)
        } catch {
            throw fail(error)
        }
    }
}
