import Foundation
import GLaaSClient
import RoarKit

/// The registry side of `roar show` and `roar lineage`: used when the local store does not
/// know a hash, or first with `--remote`. Reads carry the user's credential (`RegistryReader`):
/// a login's token, else an SSH key the registry accepts, else none.
enum RemoteLookup {
    /// Whether `text` names something in the local store (so the registry is not asked).
    static func isLocal(_ text: String, store: LocalStore) -> Bool {
        guard RemoteShowPresenter.isRegistryReference(text) else { return true }
        return (try? Target.resolve(text, store: store)) != nil
    }

    /// What to ask the registry about `text`: with `--remote`, a path (or prefix) the local store
    /// knows becomes its full digest; anything else is asked as typed.
    static func reference(_ text: String, store: LocalStore, remote: Bool) -> String {
        guard remote, case .artifact(let file)? = try? Target.resolve(text, store: store) else { return text }
        return file.digest
    }

    /// Prints the registry's answer; false when the registry does not know `text` and
    /// the local store should answer (an error instead when `required`).
    static func show(_ text: String, configuration: RoarConfiguration, json: Bool, required: Bool) async throws -> Bool {
        guard let reader = try reader(text, configuration: configuration, required: required) else { return false }
        let found = try await reader.read { credential in
            let presenter = RemoteShowPresenter(client: reader.client, credential: credential)
            return try await presenter.fetch(text).map { (presenter, $0) }
        }
        guard let (presenter, record) = found else {
            if required { throw RoarError.failed("the registry at \(configuration.glaasURL ?? "") does not know \(text)") }
            return false
        }
        print(json ? Output.json(presenter.json(record)) : presenter.text(record))
        return true
    }

    static func lineage(_ text: String, configuration: RoarConfiguration, json: Bool, required: Bool) async throws -> Bool {
        guard let reader = try reader(text, configuration: configuration, required: required) else { return false }
        let found = try await reader.read { credential in
            let presenter = RemoteShowPresenter(client: reader.client, credential: credential)
            return try await presenter.fetchUpstream(text).map { (presenter, $0) }
        }
        guard let (presenter, upstream) = found else {
            if required { throw RoarError.failed("the registry at \(configuration.glaasURL ?? "") does not know \(text)") }
            return false
        }
        print(
            json
                ? Output.json(presenter.upstreamJSON(artifact: upstream.artifact, jobs: upstream.jobs))
                : presenter.upstreamText(artifact: upstream.artifact, jobs: upstream.jobs))
        return true
    }

    /// The reader for `text`, nil when it cannot name a registry record or no registry is
    /// configured (errors instead when `required`).
    static func reader(_ text: String, configuration: RoarConfiguration, required: Bool) throws -> RegistryReader? {
        guard RemoteShowPresenter.isRegistryReference(text) else {
            if required { throw RoarError.usage("\(text) is not a digest or lineage hash (8 to 64 hex characters)") }
            return nil
        }
        guard configuration.glaasURL != nil else {
            if required { throw RoarError.usage("no registry configured: run `roar config set glaas.url http://HOST:PORT` first") }
            return nil
        }
        return RegistryReader(connection: try RegistryConnection(configuration: configuration), note: { warn($0) })
    }
}
