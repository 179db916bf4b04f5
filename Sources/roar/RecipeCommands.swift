import ArgumentParser
import Foundation
import RoarKit

/// The registry `roar diff` and `roar reproduce` ask about artifacts the local store does not
/// know: the project's `glaas.url`, or outside a project `GLAAS_URL` (as roar-cli reads it).
/// Its reads carry the user's credential, decided at the first read.
func recipeFetcher(_ configuration: RoarConfiguration?) throws -> (any RecipeFetching)? {
    let configuration = RegistryContext.withEnvironmentURL(configuration ?? .default)
    guard configuration.glaasURL != nil else { return nil }
    return RegistryReader(connection: try RegistryConnection(configuration: configuration), note: { warn($0) })
}

/// The local store when run inside a project (diff and reproduce also work outside one, on the registry).
func openOptionalProject() throws -> (RoarProject?, RoarConfiguration?, LocalStore?) {
    guard RoarProject.find() != nil else { return (nil, nil, nil) }
    let (project, configuration, store) = try openProject()
    return (project, configuration, store)
}

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between the recipes of two artifacts: code, parameters, inputs, packages, variables, steps.",
        discussion: "Exit status: 0 when the recipes are identical, 1 when they differ, 2 on bad input.")

    @Argument(help: "A path, a digest prefix or a step (@3).")
    var a: String

    @Argument(help: "A path, a digest prefix or a step (@3).")
    var b: String

    @OptionGroup var output: JSONOption

    func run() async throws {
        let diff: RecipeDiff
        do {
            let (project, configuration, store) = try openOptionalProject()
            let resolver = RecipeResolver(project: project, store: store, fetcher: try recipeFetcher(configuration))
            diff = RecipeDiff(try await resolver.recipe(a), try await resolver.recipe(b))
        } catch {
            throw fail(error)
        }
        print(output.json ? Output.json(RecipeDiffPresenter.json(diff)) : RecipeDiffPresenter.text(diff))
        if !diff.identical { throw ExitCode(1) }
    }
}

struct ReproduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Show how an artifact was made (repo, commit, build and run steps, packages); --run rebuilds it and compares.",
        discussion: """
            --run clones the repo at the recorded commit (or reuses the current checkout when it is there and clean), \
            replays the build steps then the run steps under `roar build`/`roar run`, and prints MATCH or DIFFERENT \
            (with what differed upstream). Recorded pip and Debian packages are checked against this machine; --venv installs \
            the pip ones into a fresh virtual environment first.
            """)

    @Argument(help: "A digest prefix, a path or a step (@3).")
    var target: String

    @Flag(name: .customLong("run"), help: "Rebuild the artifact and compare its digest with the recorded one.")
    var replay = false

    @Option(help: "Clone into this directory (default: reuse a matching checkout, else ./roar-reproduce-<digest>).")
    var into: String?

    @Flag(help: "Install the recorded pip packages into a fresh virtual environment (.roar/reproduce-venv) and replay with it.")
    var venv = false

    @Flag(name: .shortAndLong, help: "Do not ask before running the steps.")
    var yes = false

    @Flag(help: "HASH is a lineage hash (as `roar register` printed it): rebuild every job of the lineage, not one artifact's recipe.")
    var lineage = false

    @Option(help: "Write the steps as an editable bash script to this file (- for stdout) instead of running them.")
    var script: String?

    @Option(name: .customLong("export-requirements"), help: "Write the recorded pip packages to this requirements file (name==version, sorted).")
    var exportRequirements: String?

    @OptionGroup var output: JSONOption

    func validate() throws {
        if (into != nil || venv) && !replay { throw ValidationError("--into and --venv need --run") }
    }

    func run() async throws {
        let recipe: Recipe
        do {
            if replay && (script != nil || exportRequirements != nil) {
                throw RoarError.usage("--script and --export-requirements write files instead of running: choose them or --run")
            }
            let (project, configuration, store) = try openOptionalProject()
            if lineage {
                recipe = try await ReproduceLineage.recipe(target, project: project, configuration: configuration, store: store)
            } else {
                recipe = try await RecipeResolver(project: project, store: store, fetcher: try recipeFetcher(configuration)).recipe(target)
            }
            if script != nil || exportRequirements != nil { return try writeFiles(recipe) }
        } catch {
            throw fail(error)
        }
        if lineage && replay { return try await replayLineage(recipe) }
        guard replay else {
            print(output.json ? Output.json(RecipeJSON.plan(recipe)) : ReproducePresenter.planText(recipe))
            return
        }
        let outcome: Reproducer.Outcome
        do {
            try confirm(recipe)
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            outcome = try Reproducer(roarExecutable: executable, into: into, venv: venv).run(recipe) { line in
                FileHandle.standardError.write(Data("roar: \(line)\n".utf8))
            }
        } catch {
            throw fail(error)
        }
        print(output.json ? Output.json(ReproducePresenter.outcomeJSON(outcome)) : ReproducePresenter.outcomeText(outcome))
        if !outcome.matches { throw ExitCode(1) }
    }

    func confirm(_ recipe: Recipe) throws {
        if yes { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw RoarError.usage("--run replays \(recipe.steps.count) recorded steps: add -y to run them without asking")
        }
        FileHandle.standardError.write(
            Data(
                (ReproducePresenter.planText(recipe) + "\nreplay these \(recipe.steps.count) steps now? [y/N] ").utf8))
        guard let answer = readLine()?.lowercased(), answer == "y" || answer == "yes" else { throw RoarError.failed("not run") }
    }
}
