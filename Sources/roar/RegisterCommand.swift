import ArgumentParser
import Foundation
import GLaaSClient
import LineageModel
import RoarKit

struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Publish the lineage of a target (or of the whole session) to the registry at glaas.url.",
        discussion: """
            Publishes in the project's scope (`roar scope use`) unless --public, --private or --anonymous say otherwise. \
            Signs in with the login of `roar login` (refreshed when due), else an SSH key the registry accepts \
            (ROAR_SSH_KEY, glaas.key, ~/.ssh/id_ed25519, ~/.ssh/id_rsa), else publishes anonymously and publicly. \
            Prints the lineage hash and its page.
            """)

    @Argument(help: "A path, digest prefix, step (@3) or job uid; the whole active session when omitted.")
    var target: String?

    @Flag(help: "Publish publicly (the default).")
    var `public` = false

    @Flag(help: "Publish privately (needs a login or an SSH key the registry accepts).")
    var `private` = false

    @Flag(help: "Publish anonymously even when a login or an SSH key is available.")
    var anonymous = false

    @Flag(help: "Show what would be sent, without contacting the registry.")
    var dryRun = false

    @Flag(name: .short, help: "Do not ask before publishing anonymously.")
    var yes = false

    @OptionGroup var output: JSONOption

    func run() async throws {
        do {
            // Checked here rather than in validate(): a usage mistake is one line, not the help text.
            if `public` && `private` { throw RoarError.usage("choose one of --public and --private") }
            if anonymous && `private` { throw RoarError.usage("--anonymous publications are public; drop --private or --anonymous") }
            let (_, configuration, store) = try openProject()
            let selection = try RegistrationSelection.select(target, store: store)
            // Where `roar put` uploaded artifacts, so the registry keeps their source URLs.
            let sources = try store.sourceLocations(forDigests: selection.jobs.flatMap { ($0.inputs + $0.outputs).map(\.digest) })
                .mapValues { (sourceType: $0.sourceType, sourceURL: $0.sourceURL) }
            if dryRun {
                let plan = RegistrationPlan(selection: selection, creatorIdentity: "anonymous", sources: sources)
                print(output.json ? Output.json(RegisterReport.dryRunJSON(plan)) : RegisterReport.dryRunText(plan, registry: configuration.glaasURL))
                return
            }
            let options = self.options(configuration.scope)
            let connection = try RegistryConnection(configuration: configuration, loadKey: !options.anonymous, loadLogin: !options.anonymous)
            for skipped in connection.skippedKeys { warn("note: skipping \(skipped)") }
            let publisher = Publisher(connection: connection, store: store, progress: { warn($0) })
            let mode = try await publisher.mode(options)
            if mode == .anonymous && !yes { try confirmAnonymous() }
            let outcome = try await publisher.register(selection, options: options, decidedMode: mode, sources: sources)
            if outcome.hashMismatch {
                warn("note: the registry computed \(outcome.lineageHash.prefix(12)), not \(outcome.plan.lineageHash.prefix(12)) as computed here")
            }
            print(output.json ? Output.json(RegisterReport.json(outcome)) : RegisterReport.text(outcome))
        } catch {
            throw fail(error)
        }
    }

    /// The command line's choice, else the project's scope, else public.
    func options(_ scope: PublishScope?) -> Publisher.Options {
        if let scope, !anonymous && !`public` && !`private` { return Publisher.Options(scope: scope) }
        return Publisher.Options(visibility: `private` ? .private : .public, anonymous: anonymous)
    }

    /// roar-cli asks before an anonymous public publication; `-y` answers for scripts.
    func confirmAnonymous() throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw RoarError.usage("this publication is anonymous and public (anyone with the hash can read it); pass -y to confirm")
        }
        FileHandle.standardError.write(Data("Publish anonymously and publicly (anyone with the hash can read it)? [y/N] ".utf8))
        guard let answer = readLine()?.lowercased(), answer == "y" || answer == "yes" else { throw RoarError.failed("not published") }
    }
}

/// One line on stderr: progress and notes, never mixed into the data on stdout.
func warn(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
