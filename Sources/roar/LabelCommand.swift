import ArgumentParser
import Foundation
import LineageModel
import RoarKit

/// `roar label set|unset|show|history [dag|job|artifact] TARGET …`: versioned label documents,
/// in the local store or (`--remote`) on the registry.
struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Label artifacts, jobs and the session's lineage with key=value pairs (versioned), locally or on the registry.",
        discussion: """
            TARGET is a path or digest (an artifact), @N or a job uid (a job), or `dag current` (the active session's lineage); \
            the kind (dag, job, artifact) may be given first. Local labels travel with the next `roar register`. With --remote: \
            a digest, a lineage hash (`dag HASH`) or a remote job uid with --session, edited on the registry directly.
            """,
        subcommands: [SetLabels.self, Unset.self, Show.self, History.self])

    /// The arguments every label subcommand shares.
    struct Common: ParsableArguments {
        @Flag(help: "Read or edit the labels on the registry (glaas.url) instead of the local store.")
        var remote = false

        @Option(help: "The lineage hash a --remote job (or artifact) target belongs to.")
        var session: String?

        @OptionGroup var output: JSONOption

        /// `[KIND] TARGET REST…` → kind, target, rest.
        func split(_ words: [String], needsRest: Bool) throws -> (LocalLabelTarget.Kind?, String, [String]) {
            if session != nil && !remote { throw RoarError.usage("--session is only valid together with --remote") }
            var words = words
            var kind: LocalLabelTarget.Kind?
            if words.count > 1, let named = LabelTargets.kind(words[0]) {
                kind = named
                words.removeFirst()
            }
            guard let target = words.first else { throw RoarError.usage("name a TARGET (a path, digest, @N, job uid, or `dag current`)") }
            let rest = Array(words.dropFirst())
            if needsRest && rest.isEmpty { throw RoarError.usage("give at least one key=value (or key) after \(target)") }
            if !needsRest && !rest.isEmpty { throw RoarError.usage("unexpected \(rest[0]) after \(target)") }
            return (kind, target, rest)
        }
    }

    struct SetLabels: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set label keys (a deep merge into the current document).")

        @Argument(help: "[dag|job|artifact] TARGET key=value…") var words: [String]
        @OptionGroup var common: Common

        func run() async throws {
            do {
                let (kind, target, pairs) = try common.split(words, needsRest: true)
                let patch = try LabelText.patch(pairs)
                if common.remote {
                    try await RemoteLabels.edit(kind, target, session: common.session, patch: patch, deleted: [], json: common.output.json)
                    return
                }
                let (_, _, store) = try openProject()
                let resolved = try LabelTargets.resolve(kind: kind, target, store: store)
                let before = try store.currentLabel(resolved)?.document ?? LabelDocument()
                let result = try store.updateLabel(resolved) { $0.merging(patch) }
                let changed = LabelDocument(
                    LabelText.flatten(result.document.json).filter { before.leaves[$0.key] != $0.value }.reduce(into: [:]) {
                        $0[$1.key] = $1.value
                    })
                LabelCommand.printEdit(resolved, result, changedKeys: changed, verb: "Updated", json: common.output.json)
            } catch {
                throw fail(error)
            }
        }
    }

    struct Unset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove label keys (dotted paths) from the current document.")

        @Argument(help: "[dag|job|artifact] TARGET key…") var words: [String]
        @OptionGroup var common: Common

        func run() async throws {
            do {
                let (kind, target, rawKeys) = try common.split(words, needsRest: true)
                let keys = try rawKeys.map(LabelText.checkedKey)
                if common.remote {
                    try await RemoteLabels.edit(
                        kind, target, session: common.session, patch: LabelDocument(), deleted: keys, json: common.output.json)
                    return
                }
                let (_, _, store) = try openProject()
                let resolved = try LabelTargets.resolve(kind: kind, target, store: store)
                let before = try store.currentLabel(resolved)?.document ?? LabelDocument()
                let result = try store.updateLabel(resolved) { document in
                    var document = document
                    for key in keys { document.remove(key) }
                    return document
                }
                let after = result.document.leaves
                let removed = before.leaves.filter { after[$0.key] == nil }
                var removedDocument = LabelDocument()
                for (key, value) in removed { removedDocument.set(key, to: value) }
                LabelCommand.printEdit(resolved, result, changedKeys: removedDocument, verb: "Removed", json: common.output.json)
            } catch {
                throw fail(error)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the current label document of a target.")

        @Argument(help: "[dag|job|artifact] TARGET") var words: [String]
        @OptionGroup var common: Common

        func run() async throws {
            do {
                let (kind, target, _) = try common.split(words, needsRest: false)
                if common.remote {
                    try await RemoteLabels.show(kind, target, session: common.session, json: common.output.json, tagsOnly: false)
                    return
                }
                let (_, _, store) = try openProject()
                let resolved = try LabelTargets.resolve(kind: kind, target, store: store)
                let current = try store.currentLabel(resolved)
                if common.output.json {
                    print(
                        Output.json([
                            "target": LabelCommand.json(resolved), "version": current.map { .int(Int64($0.version)) } ?? .null,
                            "metadata": current?.document.json ?? [:],
                        ]))
                } else {
                    let lines = LabelText.lines(current?.document.json ?? [:])
                    print(lines.isEmpty ? "No labels." : lines.map(TerminalText.escaped).joined(separator: "\n"))
                }
            } catch {
                throw fail(error)
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every version of a target's label document.")

        @Argument(help: "[dag|job|artifact] TARGET") var words: [String]
        @OptionGroup var common: Common

        func run() async throws {
            do {
                let (kind, target, _) = try common.split(words, needsRest: false)
                if common.remote {
                    try await RemoteLabels.history(kind, target, session: common.session, json: common.output.json)
                    return
                }
                let (_, _, store) = try openProject()
                let resolved = try LabelTargets.resolve(kind: kind, target, store: store)
                let history = try store.labelHistory(resolved)
                if common.output.json {
                    print(
                        Output.json([
                            "target": LabelCommand.json(resolved),
                            "versions": .array(
                                history.map {
                                    [
                                        "version": .int(Int64($0.version)), "metadata": $0.document.json, "origin": .string($0.origin),
                                        "created_at": .string($0.createdAt.formatted(.iso8601)),
                                    ]
                                }),
                        ]))
                } else {
                    print(LabelCommand.historyText(history.map { ($0.version, $0.document.json) }))
                }
            } catch {
                throw fail(error)
            }
        }
    }

    static func json(_ target: LocalLabelTarget) -> JSONValue {
        ["kind": .string(target.kind.rawValue), "key": .string(target.key), "display": .string(target.display)]
    }

    /// `Version 1:` blocks, as roar-cli prints a history.
    static func historyText(_ versions: [(Int, JSONValue)]) -> String {
        guard !versions.isEmpty else { return "No labels." }
        return versions.map { version, document in
            (["Version \(version):"] + LabelText.lines(document, indent: "  ").map(TerminalText.escaped)).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    static func printEdit(
        _ target: LocalLabelTarget, _ result: (document: LabelDocument, version: Int?, changed: Bool), changedKeys: LabelDocument, verb: String,
        json: Bool
    ) {
        if json {
            print(
                Output.json([
                    "target": Self.json(target), "changed": .bool(result.changed), "version": result.version.map { .int(Int64($0)) } ?? .null,
                    "metadata": result.document.json,
                ]))
            return
        }
        let version = result.version.map(String.init) ?? "None"
        let lines = LabelText.lines(changedKeys.json, indent: "  ").map(TerminalText.escaped)
        print(
            ([result.changed ? "\(verb) labels (version \(version)):" : "Labels unchanged (version \(version)):"]
                + (lines.isEmpty ? ["  No label changes."] : lines)).joined(separator: "\n"))
    }
}
