import ArgumentParser
import Foundation
import RoarKit

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command and record it: every file its process tree reads and writes, hashed, with its code and environment.",
        discussion: """
            The command's stdin, stdout, stderr and exit status are its own; roar reports on stderr. \
            roar's options go before the command: roar run -n train -q python train.py.
            """)

    @OptionGroup var options: RecordingOptions

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func run() async throws {
        try await Recording.record(command, jobType: "run", options: options)
    }
}

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run and record a build step (compiling, installing); reproduction replays build steps first.")

    @OptionGroup var options: RecordingOptions

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func run() async throws {
        try await Recording.record(command, jobType: "build", options: options)
    }
}

/// `-n NAME` and `-q` of `run` and `build`.
struct RecordingOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Name the step (shown by log, show, status and dag; sent at register as the job's name label).")
    var name: String?

    @Flag(name: .shortAndLong, help: "Print nothing of roar's own (only the command's output); failures are still reported.")
    var quiet = false

    /// The name, checked: printable, at most 128 characters.
    func stepName() throws -> String? {
        guard let name else { return nil }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 128, !trimmed.unicodeScalars.contains(where: TerminalText.isUnsafe) else {
            throw RoarError.usage("-n takes a printable name of 1 to 128 characters")
        }
        return trimmed
    }
}

/// What `run` and `build` share.
enum Recording {
    static func record(_ command: [String], jobType: String, options: RecordingOptions) async throws {
        var argv = command
        if argv.first == "--" { argv.removeFirst() }
        let outcome: JobRecorder.Outcome
        do {
            let stepName = try options.stepName()
            let (project, configuration, store) = try openProject()
            outcome = try await JobRecorder(project: project, configuration: configuration, store: store).run(
                argv, jobType: jobType, stepName: stepName)
            if !options.quiet { FileHandle.standardError.write(Data(RunSummary(project: project, outcome: outcome).text.utf8)) }
        } catch {
            throw fail(error)
        }
        let status = outcome.job.shellStatus
        if status != 0 { throw ExitCode(Int32(status)) }
    }
}
