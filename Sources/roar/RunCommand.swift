import ArgumentParser
import Foundation
import RoarKit

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command and record it: every file its process tree reads and writes, hashed, with its code and environment.",
        discussion: "The command's stdin, stdout, stderr and exit status are its own; roar reports on stderr.")

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func run() async throws {
        try await Recording.record(command, jobType: "run")
    }
}

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run and record a build step (compiling, installing); reproduction replays build steps first.")

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func run() async throws {
        try await Recording.record(command, jobType: "build")
    }
}

/// What `run` and `build` share.
enum Recording {
    static func record(_ command: [String], jobType: String) async throws {
        var argv = command
        if argv.first == "--" { argv.removeFirst() }
        let outcome: JobRecorder.Outcome
        do {
            let (project, configuration, store) = try openProject()
            outcome = try await JobRecorder(project: project, configuration: configuration, store: store).run(argv, jobType: jobType)
            FileHandle.standardError.write(Data(RunSummary(project: project, outcome: outcome).text.utf8))
        } catch {
            throw fail(error)
        }
        let status = outcome.job.shellStatus
        if status != 0 { throw ExitCode(Int32(status)) }
    }
}
