import Foundation
import LineageModel
import RoarKit

/// `roar put`'s registration: the same Publisher path as `roar register`, over the put job and
/// the sub-DAG that made the uploaded files, with each directory's composite staged alongside.
struct PutRegistration {
    let publisher: Publisher
    let options: Publisher.Options
    let mode: Publisher.Mode
    let store: LocalStore

    /// Nil without glaas.url. Checks the registry and decides who publishes (asking before an
    /// anonymous publication unless `yes`), before anything is uploaded.
    static func prepare(configuration: RoarConfiguration, store: LocalStore, yes: Bool) async throws -> PutRegistration? {
        guard configuration.glaasURL != nil else { return nil }
        let options = configuration.scope.map { Publisher.Options(scope: $0) } ?? Publisher.Options()
        let connection = try RegistryConnection(configuration: configuration, loadKey: !options.anonymous, loadLogin: !options.anonymous)
        for skipped in connection.skippedKeys { warn("note: skipping \(skipped)") }
        let publisher = Publisher(connection: connection, store: store, progress: { warn($0) })
        let mode = try await publisher.mode(options)
        if mode == .anonymous && !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw RoarError.usage(
                    "registering this put is anonymous and public (anyone with the hash can read it); pass -y to confirm, or --no-register")
            }
            FileHandle.standardError.write(Data("Register anonymously and publicly (anyone with the hash can read it)? [y/N] ".utf8))
            guard let answer = readLine()?.lowercased(), answer == "y" || answer == "yes" else { throw RoarError.failed("not uploaded") }
        }
        return PutRegistration(publisher: publisher, options: options, mode: mode, store: store)
    }

    /// Publishes the put job's lineage.
    func register(_ outcome: ArtifactPut.Outcome) async throws -> Publisher.Outcome {
        let selection = try RegistrationSelection.select("@\(outcome.job.stepNumber)", store: store)
        let sources = try store.sourceLocations(forDigests: selection.jobs.flatMap { ($0.inputs + $0.outputs).map(\.digest) })
            .mapValues { (sourceType: $0.sourceType, sourceURL: $0.sourceURL) }
        let composites = outcome.composites.map { $0.digest.payload(sourceType: $0.location.sourceType, sourceURL: $0.location.description) }
        return try await publisher.register(selection, options: options, decidedMode: mode, sources: sources, composites: composites)
    }
}
