import GLaaSServer
import Hummingbird
import HummingbirdTesting
import LineageStore

/// The glaas application on a store, as in-process tests run it: routed in memory, or listening
/// on a 127.0.0.1 port the system chooses.
public struct GLaaSTestApplication: Sendable {
    /// The store it serves.
    public let store: any RegistryStore & StoreMaintenance
    /// Its configuration (the port only shapes the URLs it prints).
    public let configuration: GLaaSConfiguration

    /// The application on `store`.
    public init(store: any RegistryStore & StoreMaintenance, configuration: GLaaSConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// The Hummingbird application, to listen on a port the system chooses.
    public var application: some ApplicationProtocol {
        Application(
            router: GLaaSApplication.router(store: store, configuration: configuration),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Runs `body` with a client on the in-process router.
    public func routed<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await application.test(.router, body)
    }

    /// Runs `body` with the application listening, given its origin (`http://127.0.0.1:PORT`)
    /// and a client speaking to it over the network.
    public func live<T: Sendable>(_ body: @Sendable (String, any TestClientProtocol) async throws -> T) async throws -> T {
        try await application.test(.live) { client in
            guard let port = client.port else { throw TestFailure("the live test server reported no port") }
            return try await body("http://127.0.0.1:\(port)", client)
        }
    }
}
