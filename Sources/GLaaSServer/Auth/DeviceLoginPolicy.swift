import Foundation

/// The lifetimes and pace of device logins and web sign-ins.
public struct DeviceLoginPolicy: Sendable {
    /// How long a device code waits for approval (`expires_in`).
    public var codeLifetime: TimeInterval
    /// Seconds a client waits between polls (`interval`); faster polls are answered `slow_down`.
    public var pollInterval: Int
    /// How long an access token of a device login works before it is refreshed.
    public var accessTokenLifetime: TimeInterval
    /// How long a refresh token may be exchanged; each exchange issues a new one.
    public var refreshTokenLifetime: TimeInterval
    /// How long a browser stays signed in.
    public var webSessionLifetime: TimeInterval

    public init(
        codeLifetime: TimeInterval = 600, pollInterval: Int = 5, accessTokenLifetime: TimeInterval = 3600,
        refreshTokenLifetime: TimeInterval = 30 * 86_400, webSessionLifetime: TimeInterval = 12 * 3600
    ) {
        self.codeLifetime = codeLifetime
        self.pollInterval = max(1, pollInterval)
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.webSessionLifetime = webSessionLifetime
    }
}
