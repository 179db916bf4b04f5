import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct PopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pop",
        abstract: "Undo the last job of the active session: remove its record and delete its outputs.",
        discussion: """
            Only outputs that are still what the job wrote are deleted: inside the project, with the recorded digest now, \
            not read by the job itself and not recorded by another job. Asks first on a terminal; -y confirms for scripts.
            """)

    @Flag(name: .shortAndLong, help: "Do not ask before removing the job and deleting its outputs.")
    var yes = false

    @OptionGroup var output: JSONOption

    func run() throws {
        do {
            let (project, _, store) = try openProject()
            let plan = try JobPop.plan(project: project, store: store)
            let job = plan.job
            let what = "@\(job.stepNumber) \(job.uid) (\(TerminalText.escaped(String(job.command.prefix(80)))))"
            let count = plan.deletions.count
            let deleting = "delete \(count) output file\(count == 1 ? "" : "s")"
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw RoarError.usage("pop would remove job \(what) and \(deleting); pass -y to confirm (no terminal to ask)")
                }
                FileHandle.standardError.write(Data("Remove job \(what) and \(deleting)? [y/N] ".utf8))
                guard let answer = readLine()?.lowercased(), answer == "y" || answer == "yes" else { throw RoarError.failed("nothing popped") }
            }
            let result = try plan.perform(store: store)
            print(output.json ? Output.json(Self.json(result)) : Self.text(result, project: project))
        } catch {
            throw fail(error)
        }
    }

    static func text(_ result: JobPop.Result, project: RoarProject) -> String {
        let job = result.job
        var rows = [["popped", "@\(job.stepNumber) \(job.uid)  \(job.command)"]]
        for (index, path) in result.deleted.enumerated() { rows.append([index == 0 ? "deleted" : "", project.relative(path)]) }
        for (index, path) in result.missing.enumerated() { rows.append([index == 0 ? "already gone" : "", project.relative(path)]) }
        for (index, kept) in result.kept.enumerated() { rows.append([index == 0 ? "kept" : "", "\(project.relative(kept.path))  \(kept.reason)"]) }
        if result.deleted.isEmpty && result.missing.isEmpty && result.kept.isEmpty { rows.append(["outputs", "none"]) }
        return Output.table(rows)
    }

    static func json(_ result: JobPop.Result) -> JSONValue {
        let job = result.job
        return [
            "popped": [
                "session": .int(job.sessionID), "step": .int(Int64(job.stepNumber)), "uid": .string(job.uid),
                "name": job.stepName.map(JSONValue.string) ?? .null, "command": .string(job.command),
            ],
            "deleted": .array(result.deleted.map(JSONValue.string)), "already_gone": .array(result.missing.map(JSONValue.string)),
            "kept": .array(result.kept.map { ["path": .string($0.path), "reason": .string($0.reason)] }),
        ]
    }
}
