import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct InputsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inputs",
        abstract: "List the inputs it took to make a target, up its recipe to the files no recorded job made.",
        discussion: """
            Lists the roots: files no recorded job made (unsourced, or committed to git) and files fetched by roar get \
            (or made by a job that read nothing). --all adds the intermediates; --unsourced keeps only what a \
            reproduction elsewhere must fetch, with the URL roar put or roar get recorded for it.
            """)

    @Argument(help: "A path, a digest prefix (6+ hex), a step (@3) or a job uid.")
    var target: String

    @Flag(help: "Only the inputs no recorded job made and git does not track.")
    var unsourced = false

    @Flag(help: "Also the intermediate artifacts made by recorded steps.")
    var all = false

    @OptionGroup var output: JSONOption

    func run() throws {
        do {
            if target.unicodeScalars.contains(where: TerminalText.isUnsafe) {
                throw RoarError.usage("\(TerminalText.escaped(String(target.prefix(80)))) is not a path, a digest, a step or a job uid")
            }
            let (project, _, store) = try openProject()
            let resolved = try Target.resolve(target, store: store)
            let inputs = try UpstreamInputs.collect(resolved, project: project, store: store, all: all && !unsourced)
            let label = TerminalText.escaped(target)
            print(
                output.json
                    ? Output.json(inputs.json(label: target, onlyUnsourced: unsourced))
                    : inputs.text(project: project, label: label, onlyUnsourced: unsourced))
        } catch {
            throw fail(error)
        }
    }
}
