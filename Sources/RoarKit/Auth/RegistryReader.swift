import Foundation
import GLaaSClient

/// Registry reads with the user's credential (`show`, `lineage`, `diff`, `reproduce`), chosen
/// on the first read and kept for the command: the login's token, else the SSH key when the
/// registry accepts it, else anonymous. A token the registry refuses (401) is dropped for the
/// key or anonymity and the read retried, as roar-cli does.
public actor RegistryReader: RecipeFetching {
    public nonisolated let connection: RegistryConnection
    let note: @Sendable (String) -> Void
    var chosen: RegistryClient.Credential?

    public init(connection: RegistryConnection, note: @escaping @Sendable (String) -> Void = { _ in }) {
        self.connection = connection
        self.note = note
    }

    public nonisolated var client: RegistryClient { connection.client }

    /// The credential reads carry (decided once, refreshing a login that is due).
    public func credential() async throws -> RegistryClient.Credential {
        if let chosen { return chosen }
        let credential = try await RegistryAuthenticator(connection: connection, note: note).readCredential()
        chosen = credential
        return credential
    }

    /// Runs `body` with the credential; when a token is refused, once more without it.
    public func read<T: Sendable>(_ body: @Sendable (RegistryClient.Credential) async throws -> T) async throws -> T {
        let credential = try await credential()
        do {
            return try await body(credential)
        } catch let error as RegistryClientError where error.status == 401 {
            guard case .bearer = credential else { throw error }
            var fallback = RegistryClient.Credential.anonymous
            if connection.key != nil, try await client.probe() == .accepted { fallback = .signed }
            note(
                "note: the registry no longer accepts the login to \(client.endpoint.baseURL); reading \(fallback == .signed ? "with the SSH key" : "anonymously") (run `roar login` again)"
            )
            chosen = fallback
            return try await body(fallback)
        }
    }

    public func artifactDAG(_ ref: String) async throws -> Data? {
        try await read { credential in try await self.client.dag(ref, credential: credential) }
    }
}
