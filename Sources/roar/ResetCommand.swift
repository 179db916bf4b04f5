import ArgumentParser
import Foundation
import LineageModel
import RoarKit

struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Start a new session: the next roar run is its @1; earlier sessions stay queryable (roar session list, roar session show ID).")

    @Flag(name: .shortAndLong, help: "Accepted for roar-cli's scripts (reset changes no recorded job, so it does not ask).")
    var yes = false

    @OptionGroup var output: JSONOption

    func run() throws {
        do {
            let (_, _, store) = try openProject()
            let previous = try store.activeSessionID()
            let jobs = try store.jobs(session: previous).count
            // An empty session is already a fresh start: reusing it keeps `session list` free of empty ones.
            let current = jobs == 0 ? previous : try store.startSession()
            if output.json {
                print(
                    Output.json([
                        "session": .int(current), "previous_session": jobs == 0 ? .null : .int(previous),
                        "previous_jobs": .int(Int64(jobs)), "created": .bool(current != previous),
                    ]))
            } else if jobs == 0 {
                print("session \(current) has no jobs yet: the next roar run records into it")
            } else {
                print("started session \(current): the next roar run is its @1 (session \(previous) keeps its \(jobs) job\(jobs == 1 ? "" : "s"))")
            }
        } catch {
            throw fail(error)
        }
    }
}
