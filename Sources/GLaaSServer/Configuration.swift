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
    /// Requests handled at once; more are answered 503 with `Retry-After` (health exempt).
    public var maximumRequestsInFlight: Int
    /// Bytes of request bodies buffered at once, across all connections; at least the largest
    /// route limit (`BodyLimit.batch`).
    public var bodyBudget: Int
    /// Seconds a connection may wait without sending a complete request head (after connecting
    /// or after its last response), or between parts of a body, before it is closed.
    public var idleTimeout: Int
    /// `--no-anonymous`: publishing and reading need a signature (health and metrics excepted).
    public var requireSignature: Bool
    /// Device logins and web sign-ins: code lifetime, poll interval, token lifetimes.
    public var deviceLogin = DeviceLoginPolicy()

    public init(
        host: String = "127.0.0.1", port: Int = 8000, publicURL: String? = nil, signatureWindow: TimeInterval = 300,
        registrationSessionLifetime: TimeInterval = 86_400, serverName: String = "glaas", maximumRequestsInFlight: Int = 256,
        bodyBudget: Int = 128 << 20, idleTimeout: Int = 30, requireSignature: Bool = false
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.signatureWindow = signatureWindow
        self.registrationSessionLifetime = registrationSessionLifetime
        self.serverName = serverName
        self.maximumRequestsInFlight = maximumRequestsInFlight
        self.bodyBudget = max(bodyBudget, BodyLimit.batch.bytes)
        self.idleTimeout = idleTimeout
        self.requireSignature = requireSignature
    }

    /// The origin for web links, without a trailing slash.
    public var webOrigin: String {
        if let publicURL, !publicURL.isEmpty { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }
}
