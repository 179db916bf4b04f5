import Foundation

/// Which credential roar means to use with a registry, from what this machine holds: the stored
/// login's access token while it has more than five minutes left; a refresh when it has less
/// (or has expired) and a usable refresh token exists; else the SSH key; else nothing. A
/// Bearer login beats the key, as in roar-cli.
public enum CredentialPlan: Sendable, Equatable {
    /// The stored access token.
    case bearer(String)
    /// Refresh first; `current` is the access token while it still works (used if the refresh fails).
    case refresh(refreshToken: String, current: String?)
    /// The SSH key; `expiredLogin` when a stored login could no longer be used.
    case key(expiredLogin: Bool)
    /// No credential; `expiredLogin` when a stored login could no longer be used.
    case anonymous(expiredLogin: Bool)

    /// How long before its expiry an access token is refreshed.
    public static let refreshMargin: TimeInterval = 300

    /// The plan for `login` (nil: not logged in) at `now`, with or without an SSH key.
    public static func choose(login: RegistryLogin?, hasKey: Bool, now: Date) -> CredentialPlan {
        guard let login else { return hasKey ? .key(expiredLogin: false) : .anonymous(expiredLogin: false) }
        if login.accessTokenValid(at: now, margin: refreshMargin) { return .bearer(login.accessToken) }
        if login.canRefresh(at: now), let refreshToken = login.refreshToken {
            return .refresh(refreshToken: refreshToken, current: login.accessTokenValid(at: now) ? login.accessToken : nil)
        }
        if login.accessTokenValid(at: now) { return .bearer(login.accessToken) }
        return hasKey ? .key(expiredLogin: true) : .anonymous(expiredLogin: true)
    }
}
