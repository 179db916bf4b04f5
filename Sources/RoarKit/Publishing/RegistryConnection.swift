import Foundation
import GLaaSClient

/// The registry client a command uses, from the project's configuration: `glaas.url`,
/// `glaas.timeout` / `ROAR_GLAAS_TIMEOUT`, the SSH key (`ROAR_SSH_KEY`, `glaas.key`, ~/.ssh) and
/// the stored login for that registry (`roar login`, in `TokenStore`).
public struct RegistryConnection: Sendable {
    public let client: RegistryClient
    /// The key file found and the rule that found it.
    public let key: SSHKeyLocator.Found?
    /// Keys in ~/.ssh that could not be used, with why (encrypted, unsupported type...).
    public let skippedKeys: [String]
    /// Where logins are stored.
    public let tokens: TokenStore
    /// This registry's login, nil when there is none (or it was not loaded).
    public let login: RegistryLogin?

    public init(
        configuration: RoarConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment, loadKey: Bool = true,
        loadLogin: Bool = true
    ) throws {
        guard let url = configuration.glaasURL else {
            throw RoarError.usage("no registry configured: run `roar config set glaas.url http://HOST:PORT` first")
        }
        let endpoint = try GLaaSEndpoint(
            baseURL: url, timeout: try GLaaSEndpoint.timeout(configured: configuration.glaasTimeout, environment: environment))
        if loadKey {
            let located = try SSHKeyLocator(environment: environment, configuredPath: configuration.glaasKey).locate()
            key = located.found
            skippedKeys = located.skipped
        } else {
            key = nil
            skippedKeys = []
        }
        tokens = TokenStore(environment: environment)
        login = loadLogin ? try tokens.login(for: endpoint.baseURL) : nil
        client = RegistryClient(endpoint: endpoint, key: key?.key)
    }

    public var endpoint: GLaaSEndpoint { client.endpoint }
}
