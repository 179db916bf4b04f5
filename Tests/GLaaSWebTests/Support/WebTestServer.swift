import Foundation
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageStore
import NIOCore
import StoreTestSupport

/// The glaas application (v1 API and web UI) on a fresh store seeded with the web fixtures,
/// exercised in process or on a live 127.0.0.1 port.
struct WebTestServer {
    /// A fetched page.
    struct Page: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        var location: String? { headers[.location] }
        /// Every `href` in the page, unescaped (`&amp;` back to `&`).
        var links: [String] { HTMLLinks.hrefs(in: body) }
    }

    let store: any RegistryStore & StoreMaintenance
    let seeded: WebFixtures.Seeded

    init(_ kind: StoreKind) async throws {
        store = try await kind.make()
        seeded = try await WebFixtures.seed(store)
    }

    var application: some ApplicationProtocol {
        Application(router: GLaaSApplication.router(store: store, configuration: GLaaSConfiguration(port: 0)))
    }

    /// Runs `body` with a client on the in-process router.
    func run<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        try await application.test(.router) { client in try await body(Client(client: client)) }
    }

    /// Runs `body` with the server listening on a free 127.0.0.1 port, given its origin.
    func live<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        try await application.test(.live) { client in
            guard let port = client.port else { throw WebTestFailure("the live test server reported no port") }
            return try await body("http://127.0.0.1:\(port)")
        }
    }

    struct Client: Sendable {
        let client: any TestClientProtocol

        func get(_ path: String, headers: HTTPFields = [:]) async throws -> Page {
            try await client.execute(uri: path, method: .get, headers: headers) { response in
                Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
            }
        }
    }
}

/// Pulls `href="…"` values out of HTML the way a browser reads them.
enum HTMLLinks {
    static func hrefs(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "href=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            result.append(unescape(String(rest[..<end])))
            rest = rest[rest.index(after: end)...]
        }
        return result
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

struct WebTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
