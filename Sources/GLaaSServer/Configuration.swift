import Foundation

/// How a glaas server runs: where it listens, the address it tells clients to use for web
/// links, and the limits of its authentication.
public struct GLaaSConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The origin printed in lineage URLs (`{publicURL}/web/dag/{hash}`); defaults to the
    /// listening address.
    public var publicURL: String?
    /// How far an SSH signature's timestamp may be from the server's clock, in seconds.
    public var signatureWindow: TimeInterval
    /// How long a registration session stays open.
    public var registrationSessionLifetime: TimeInterval
    public var serverName: String

    public init(
        host: String = "127.0.0.1", port: Int = 8000, publicURL: String? = nil, signatureWindow: TimeInterval = 300,
        registrationSessionLifetime: TimeInterval = 86_400, serverName: String = "glaas"
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.signatureWindow = signatureWindow
        self.registrationSessionLifetime = registrationSessionLifetime
        self.serverName = serverName
    }

    /// The origin for web links, without a trailing slash.
    public var webOrigin: String {
        if let publicURL, !publicURL.isEmpty { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }
}
