import ArgumentParser
import Foundation
import LineageModel
import RoarKit

@main
struct RoarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roar",
        abstract: "Run Observation & Artifact Registration: record what your runs read and write, and how.",
        discussion: "Start with `roar init`, then `roar run python train.py`.",
        version: ReleaseVersion.current,
        subcommands: [
            InitCommand.self, RunCommand.self, BuildCommand.self, HashCommand.self, ShowCommand.self, LogCommand.self,
            StatusCommand.self, DagCommand.self, LineageCommand.self, ConfigCommand.self, RegisterCommand.self, AuthCommand.self,
            DiffCommand.self, ReproduceCommand.self, PutCommand.self, GetCommand.self, LoginCommand.self, LogoutCommand.self,
            WhoamiCommand.self, ScopeCommand.self,
            LabelCommand.self, TagCommand.self, FindCommand.self, ImpactCommand.self, ExportCommand.self,
            ResetCommand.self, PopCommand.self, InputsCommand.self, SessionCommand.self,
        ])
}

/// Prints a failure as one line on stderr and exits non-zero.
func fail(_ error: any Error) -> ExitCode {
    FileHandle.standardError.write(Data("roar: \(error)\n".utf8))
    if case RoarError.usage = error { return ExitCode(2) }
    return ExitCode.failure
}

/// Opens the enclosing project's store, or fails with how to make one.
func openProject() throws -> (RoarProject, RoarConfiguration, LocalStore) {
    let project = try RoarProject.require()
    let configuration = try RoarConfiguration.load(project)
    do {
        return (project, configuration, try LocalStore(path: project.storePath))
    } catch {
        throw RoarError.failed("cannot open \(project.storePath): \(error)")
    }
}

/// `--json` on every command that prints data.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false
}
