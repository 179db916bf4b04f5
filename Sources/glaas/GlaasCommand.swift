import ArgumentParser
import LineageModel

@main
struct GlaasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glaas",
        abstract: "GLaaS, the lineage registry: an append-only, content-addressed graph of jobs and artifacts.",
        version: ReleaseVersion.current,
        subcommands: [
            ServeCommand.self, UsersCommand.self, OrgsCommand.self, ProjectsCommand.self, TokensCommand.self, MigrateCommand.self, ExportCommand.self,
            ImportCommand.self,
        ]
    )
}

/// Where the registry keeps its data, shared by every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store: a SQLite file path, sqlite:PATH, or postgres://user:password@host:port/database.",
            discussion: "Defaults to $GLAAS_DATABASE, else $XDG_DATA_HOME/glaas/registry.sqlite, else $HOME/.local/share/glaas/registry.sqlite."))
    var database: String?
}
