import Foundation
import GLaaSClient

/// Carries out a `CredentialPlan` for one command: refreshes a login that is due (saving the
/// rotated tokens at once, since the old refresh token no longer works), and for reads probes
/// the SSH key, reading anonymously when the registry does not know it.
public struct RegistryAuthenticator: Sendable {
    /// What to authenticate with after any refresh.
    public enum Choice: Sendable, Equatable {
        /// `Authorization: Bearer` with this access token.
        case bearer(String)
        /// The SSH key (the caller probes it when it must).
        case key
        /// Nothing; `loginExpired` when a stored login could no longer be used.
        case none(loginExpired: Bool)
    }

    let connection: RegistryConnection
    let note: @Sendable (String) -> Void
    let now: @Sendable () -> Date

    public init(
        connection: RegistryConnection, note: @escaping @Sendable (String) -> Void = { _ in }, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.connection = connection
        self.note = note
        self.now = now
    }

    var client: RegistryClient { connection.client }
    var registry: String { client.endpoint.baseURL }

    /// The credential to use, refreshing the login first when it is due.
    public func resolve() async throws -> Choice {
        switch CredentialPlan.choose(login: connection.login, hasKey: connection.key != nil, now: now()) {
        case .bearer(let token):
            return .bearer(token)
        case .refresh(let refreshToken, let current):
            do {
                return .bearer(try await refreshOnce(refreshToken))
            } catch let error as RegistryClientError where error.isTransport {
                throw error
            } catch {
                if let current {
                    note("note: cannot refresh the login to \(registry) (\(error)); using its token until it expires")
                    return .bearer(current)
                }
                note("note: the login to \(registry) expired and could not be refreshed (\(error)); run `roar login`")
                return connection.key != nil ? .key : .none(loginExpired: true)
            }
        case .key(let expiredLogin):
            if expiredLogin { note("note: the login to \(registry) has expired; using the SSH key (run `roar login` to sign in again)") }
            return .key
        case .anonymous(let expiredLogin):
            return .none(loginExpired: expiredLogin)
        }
    }

    /// The credential for reads: the login's token; else the SSH key when the registry accepts
    /// it (one probe); else anonymous.
    public func readCredential() async throws -> RegistryClient.Credential {
        switch try await resolve() {
        case .bearer(let token):
            return .bearer(token)
        case .key:
            if case .accepted = try await client.probe() { return .signed }
            return .anonymous
        case .none(let loginExpired):
            if loginExpired { note("note: the login to \(registry) has expired; reading anonymously (run `roar login`)") }
            return .anonymous
        }
    }

    /// Refreshes under the token store's lock: a roar that waited for another one's refresh
    /// finds the new pair on disk and uses it instead of exchanging a spent refresh token.
    func refreshOnce(_ refreshToken: String) async throws -> String {
        try await connection.tokens.withLock {
            if let stored = try connection.tokens.login(for: registry), stored.refreshToken != refreshToken,
                stored.accessTokenValid(at: now(), margin: CredentialPlan.refreshMargin)
            {
                return stored.accessToken
            }
            return try await refresh(refreshToken)
        }
    }

    /// Exchanges the refresh token and stores the new pair (the user kept from the old entry
    /// when the answer does not name one). Returns the new access token.
    func refresh(_ refreshToken: String) async throws -> String {
        let token = try await client.refresh(refreshToken)
        var login = RegistryLogin(token, context: token.accessContext)
        if login.user == nil { login.user = connection.login?.user }
        try connection.tokens.save(login, for: registry)
        return token.accessToken
    }
}
