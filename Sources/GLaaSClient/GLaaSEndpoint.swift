import Foundation

/// Where the registry is and how long to wait for it: `glaas.url`, `glaas.timeout` (or
/// `ROAR_GLAAS_TIMEOUT`), resolved once per command.
public struct GLaaSEndpoint: Sendable, Equatable {
    /// The origin, without a trailing slash (`http://127.0.0.1:8765`).
    public var baseURL: String
    /// Seconds a request may take, connection included.
    public var timeout: Double

    public static let defaultTimeout: Double = 30

    /// Validates `baseURL` (http or https, with a host).
    public init(baseURL: String, timeout: Double = GLaaSEndpoint.defaultTimeout) throws {
        var url = baseURL.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil else {
            throw RegistryClientError.configuration("glaas.url must be an http:// or https:// URL, not \(baseURL)")
        }
        guard timeout > 0, timeout.isFinite else {
            throw RegistryClientError.configuration("the registry timeout must be a positive number of seconds")
        }
        self.baseURL = url
        self.timeout = timeout
    }

    /// The timeout from `ROAR_GLAAS_TIMEOUT` when set, else `configured`, else the default.
    public static func timeout(configured: Double?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Double {
        if let text = environment["ROAR_GLAAS_TIMEOUT"], !text.isEmpty {
            guard let value = Double(text), value > 0, value.isFinite else {
                throw RegistryClientError.configuration("ROAR_GLAAS_TIMEOUT must be a positive number of seconds, not \(text)")
            }
            return value
        }
        return configured ?? defaultTimeout
    }

    /// The web page of a lineage: `{glaas.url}/web/dag/{hash}`.
    public func webURL(lineage hash: String) -> String { "\(baseURL)/web/dag/\(hash)" }
}
