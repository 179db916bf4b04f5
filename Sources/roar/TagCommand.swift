import ArgumentParser
import Foundation
import LineageModel
import RoarKit

/// `roar tag add|rm|show|history`: compliance tags in the `tag.*` label namespace, as roar-cli
/// keeps them; they reach the registry with the next `roar register`.
struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Tag artifacts and jobs with compliance tags (license, contains_pii, jurisdiction, classification, special_category).",
        discussion: """
            TARGET is @N (a job), a path or a digest (an artifact). Tags are labels under tag.* and are sent with the next \
            `roar register`; `roar tag show --remote DIGEST` reads them back from the registry.
            """,
        subcommands: [Add.self, Remove.self, Show.self, History.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a value to a tag kind (KIND=VALUE).")

        @Argument(help: "KIND=VALUE, e.g. license=MIT") var pair: String
        @Argument(help: "@N, a path or a digest") var target: String
        @OptionGroup var output: JSONOption

        func run() throws {
            do {
                let (kind, value) = try TagEdit.parse(pair)
                try TagEdit.checkKind(kind, custom: TagEdit.customKinds())
                let (_, _, store) = try openProject()
                let resolved = try LabelTargets.resolve(kind: nil, target, store: store)
                let result = try store.updateLabel(resolved) { TagEdit.adding(kind, value, to: $0) }
                let heading =
                    result.changed
                    ? "Tagged \(target): tag.\(kind) += [\(TagCommand.quoted(value))]"
                    : "No change: \(TagCommand.quoted(value)) already present in tag.\(kind)"
                TagCommand.printTags(resolved, result.document, heading: heading, empty: "(no tags)", changed: result.changed, json: output.json)
            } catch {
                throw fail(error)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a value (KIND=VALUE) or a whole kind (KIND).")

        @Argument(help: "KIND or KIND=VALUE") var pair: String
        @Argument(help: "@N, a path or a digest") var target: String
        @OptionGroup var output: JSONOption

        func run() throws {
            do {
                let (kind, value) = try TagEdit.parseKindOrPair(pair)
                let (_, _, store) = try openProject()
                let resolved = try LabelTargets.resolve(kind: nil, target, store: store)
                let result = try store.updateLabel(resolved) { TagEdit.removing(kind, value, from: $0) }
                let heading: String
                switch (result.changed, value) {
                case (true, let value?): heading = "Removed \(TagCommand.quoted(value)) from tag.\(kind) on \(target)"
                case (true, nil): heading = "Removed tag.\(kind) from \(target)"
                case (false, let value?): heading = "No change: \(TagCommand.quoted(value)) not found in tag.\(kind)"
                case (false, nil): heading = "No change: tag.\(kind) not present on \(target)"
                }
                TagCommand.printTags(
                    resolved, result.document, heading: heading, empty: "(no tags remaining)", changed: result.changed, json: output.json)
            } catch {
                throw fail(error)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the tags of a target (--remote: as the registry has them).")

        @Argument(help: "@N, a path or a digest") var target: String
        @Flag(help: "Read the tags on the registry (glaas.url): a digest, or a registered local path or @N.") var remote = false
        @Option(help: "The lineage hash a --remote target belongs to.") var session: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            do {
                if remote {
                    try await RemoteLabels.show(nil, target, session: session, json: output.json, tagsOnly: true)
                    return
                }
                if session != nil { throw RoarError.usage("--session is only valid together with --remote") }
                let (_, _, store) = try openProject()
                let resolved = try LabelTargets.resolve(kind: nil, target, store: store)
                let document = try store.currentLabel(resolved)?.document ?? LabelDocument()
                TagCommand.printTags(resolved, document, heading: "Tags on \(target):", empty: "(no tags)", changed: nil, json: output.json)
            } catch {
                throw fail(error)
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the tags of every version of a target's label document.")

        @Argument(help: "@N, a path or a digest") var target: String
        @OptionGroup var output: JSONOption

        func run() throws {
            do {
                let (_, _, store) = try openProject()
                let resolved = try LabelTargets.resolve(kind: nil, target, store: store)
                let history = try store.labelHistory(resolved)
                if output.json {
                    print(
                        Output.json([
                            "target": LabelCommand.json(resolved),
                            "versions": .array(history.map { ["version": .int(Int64($0.version)), "tags": TagEdit.json($0.document)] }),
                        ]))
                    return
                }
                guard !history.isEmpty else {
                    print("No labels.")
                    return
                }
                print(
                    history.map { version in
                        (["Version \(version.version):"] + TagEdit.lines(version.document).map(TerminalText.escaped)).joined(separator: "\n")
                    }.joined(separator: "\n\n"))
            } catch {
                throw fail(error)
            }
        }
    }

    /// A value as Python's repr quotes it ('MIT').
    static func quoted(_ value: String) -> String {
        value.contains("'") && !value.contains("\"") ? "\"\(value)\"" : "'\(value.replacingOccurrences(of: "'", with: "\\'"))'"
    }

    static func printTags(_ target: LocalLabelTarget, _ document: LabelDocument, heading: String, empty: String, changed: Bool?, json: Bool) {
        if json {
            var data: [String: JSONValue] = ["target": LabelCommand.json(target), "tags": TagEdit.json(document)]
            if let changed { data["changed"] = .bool(changed) }
            print(Output.json(.object(data)))
            return
        }
        let lines = TagEdit.lines(document).map(TerminalText.escaped)
        print(([TerminalText.escaped(heading)] + (lines.isEmpty ? ["  \(empty)"] : lines)).joined(separator: "\n"))
    }
}
