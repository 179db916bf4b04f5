import Foundation
import GLaaSClient
import RoarKit

/// The registry side of `roar show` and `roar lineage`: used when the local store does not
/// know a hash, or first with `--remote`.
enum RemoteLookup {
    /// Whether `text` names something in the local store (so the registry is not asked).
    static func isLocal(_ text: String, store: LocalStore) -> Bool {
        guard RemoteShowPresenter.isRegistryReference(text) else { return true }
        return (try? Target.resolve(text, store: store)) != nil
    }

    /// Prints the registry's answer; false when the registry does not know `text` and
    /// the local store should answer (an error instead when `required`).
    static func show(_ text: String, configuration: RoarConfiguration, json: Bool, required: Bool) async throws -> Bool {
        guard let presenter = try presenter(text, configuration: configuration, required: required) else { return false }
        guard let record = try await presenter.fetch(text) else {
            if required { throw RoarError.failed("the registry at \(configuration.glaasURL ?? "") does not know \(text)") }
            return false
        }
        print(json ? Output.json(presenter.json(record)) : presenter.text(record))
        return true
    }

    static func lineage(_ text: String, configuration: RoarConfiguration, json: Bool, required: Bool) async throws -> Bool {
        guard let presenter = try presenter(text, configuration: configuration, required: required) else { return false }
        guard let upstream = try await presenter.fetchUpstream(text) else {
            if required { throw RoarError.failed("the registry at \(configuration.glaasURL ?? "") does not know \(text)") }
            return false
        }
        print(
            json
                ? Output.json(presenter.upstreamJSON(artifact: upstream.artifact, jobs: upstream.jobs))
                : presenter.upstreamText(artifact: upstream.artifact, jobs: upstream.jobs))
        return true
    }

    /// Anonymous reads (public lineages need no key, and skip the key probe's round trip).
    static func presenter(_ text: String, configuration: RoarConfiguration, required: Bool) throws -> RemoteShowPresenter? {
        guard RemoteShowPresenter.isRegistryReference(text) else {
            if required { throw RoarError.usage("\(text) is not a digest or lineage hash (8 to 64 hex characters)") }
            return nil
        }
        guard configuration.glaasURL != nil else {
            if required { throw RoarError.usage("no registry configured: run `roar config set glaas.url http://HOST:PORT` first") }
            return nil
        }
        return RemoteShowPresenter(client: try RegistryConnection(configuration: configuration, loadKey: false).client)
    }
}
