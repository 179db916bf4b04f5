import Foundation
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageStore
import NIOCore

/// The glaas application (v1 API and web UI) on a fresh store seeded with the web fixtures,
/// exercised in process or on a live 127.0.0.1 port.
public struct WebTestServer: Sendable {
    /// A fetched page.
    public struct Page: Sendable {
        /// The HTTP status.
        public var status: HTTPResponse.Status
        /// The response headers.
        public var headers: HTTPFields
        /// The body as text.
        public var body: String

        /// The Location header.
        public var location: String? { headers[.location] }
        /// Every `href` in the page, unescaped (`&amp;` back to `&`).
        public var links: [String] { HTMLLinks.hrefs(in: body) }
    }

    /// The server's store.
    public let store: any RegistryStore & StoreMaintenance
    /// What the fixtures published.
    public let seeded: WebFixtures.Seeded

    /// A server on a new store of `kind`, seeded with every fixture lineage.
    public init(_ kind: StoreKind) async throws {
        store = try await kind.make()
        seeded = try await WebFixtures.seed(store)
    }

    /// The application (v1 API and web UI) on the store.
    public var application: GLaaSTestApplication { GLaaSTestApplication(store: store, configuration: GLaaSConfiguration(port: 0)) }

    /// Runs `body` with a client on the in-process router.
    public func run<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        try await application.routed { client in try await body(Client(client: client)) }
    }

    /// Runs `body` with the server listening on a 127.0.0.1 port the system chose, given its
    /// origin and a client that fetches pages from it over the network.
    public func live<T: Sendable>(_ body: @Sendable (String, Client) async throws -> T) async throws -> T {
        try await application.live { origin, client in try await body(origin, Client(client: client)) }
    }

    /// Fetches pages.
    public struct Client: Sendable {
        let client: any TestClientProtocol

        /// A client on an application's test client (`GLaaSTestApplication.routed`).
        public init(client: any TestClientProtocol) {
            self.client = client
        }

        /// `GET path` with `headers`.
        public func get(_ path: String, headers: HTTPFields = [:]) async throws -> Page {
            try await client.execute(uri: path, method: .get, headers: headers) { response in
                Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
            }
        }
    }
}
