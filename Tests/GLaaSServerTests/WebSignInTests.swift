import Foundation
import GLaaSServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LineageModel
import LineageStore
import TestSupport
import Testing

/// Web sign-in (issue 14, item 3): the login page shows a code, `roar auth approve` (an SSH-signed
/// request) approves it, the browser gets an HttpOnly SameSite=Lax session cookie (Secure behind
/// https) and browses its user's private and project lineages; forms need the CSRF token; the
/// cookie never authenticates an API route; signing out ends the session at once.
@Suite(.timeLimit(.minutes(5))) struct WebSignInTests {
    struct Page: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String

        var setCookies: [String] { headers[values: .setCookie] }

        /// The value a Set-Cookie header gives `name`.
        func cookie(_ name: String) -> String? {
            setCookies.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
        }

        func firstMatch(_ pattern: String) -> String? {
            (try? Regex(pattern).firstMatch(in: text)).map { String(text[$0.range]) }
        }
    }

    static func fetch(
        _ client: any TestClientProtocol, _ path: String, method: HTTPRequest.Method = .get, cookie: String? = nil, form: String? = nil
    ) async throws -> Page {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = cookie }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form)
        }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    @Test(arguments: StoreKind.available)
    func aBrowserSignsInWithAnApprovedCodeAndSignsOut(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        _ = try await registry.addUser("alice", signer: alice)
        let pipeline = SamplePipeline(tag: "-web-private")
        let scope: JSONValue = ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"]
        let hash = try await registry.run { client in try #require(try await pipeline.register(client, signer: alice, scope: scope).hash) }
        // And a lineage private to a project alice is a member of, published by bob.
        let bob = InMemoryEd25519Signer()
        let bobUser = try await registry.addUser("bob", signer: bob)
        let acme = try await registry.store.addOrganization(slug: "acme", displayName: "Acme")
        for member in [bobUser.id, try #require(try await registry.store.user(named: "alice")).id] {
            try await registry.store.setMember(organizationID: acme.id, userID: member, role: .member)
        }
        let demo = Project(
            id: UUID().uuidString.lowercased(), organizationID: acme.id, slug: "demo", name: "Demo", description: nil, visibility: .private,
            createdAt: Date())
        try await registry.store.addProject(demo)
        let projectScope: JSONValue = ["owner_id": .string(acme.id), "owner_type": "organization", "project_id": .string(demo.id)]
        let teamHash = try await registry.run { client in
            try #require(try await SamplePipeline(tag: "-web-team").register(client, signer: bob, scope: projectScope).hash)
        }
        try await registry.application.routed { client in
            let approver = TestRegistry.Client(client: client)
            #expect(try await Self.fetch(client, "/web/dag/\(hash)").status == .notFound)

            let login = try await Self.fetch(client, "/web/login")
            #expect(login.status == .ok && login.text.contains("roar auth approve"))
            let code = try #require(login.firstMatch("[B-Z]{4}-[B-Z]{4}"))
            let loginCookie = try #require(login.cookie("glaas_login"))
            #expect(login.setCookies.allSatisfy { $0.contains("HttpOnly") && $0.contains("SameSite=Lax") && !$0.contains("Secure") })
            let waiting = try await Self.fetch(client, "/web/login/poll", cookie: "glaas_login=\(loginCookie)")
            #expect(waiting.status == .ok && waiting.text.contains("Not approved yet") && waiting.cookie("glaas_session") == nil)

            let approved = try await approver.send(.post, "/api/v1/auth/device/approve", json: ["user_code": .string(code)], auth: .ssh(alice))
            #expect(approved.status == .ok && approved.data["client_name"] == "a web browser")
            let signedIn = try await Self.fetch(client, "/web/login/poll", cookie: "glaas_login=\(loginCookie)")
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/")
            let session = try #require(signedIn.cookie("glaas_session"))
            #expect(signedIn.setCookies.first { $0.hasPrefix("glaas_session=") }?.contains("HttpOnly") == true)
            // The login code is spent: polling it again signs nobody in.
            #expect(try await Self.fetch(client, "/web/login/poll", cookie: "glaas_login=\(loginCookie)").cookie("glaas_session") == nil)

            let cookie = "glaas_session=\(session)"
            let home = try await Self.fetch(client, "/", cookie: cookie)
            #expect(home.text.contains("alice") && home.text.contains("Sign out") && home.text.contains(String(hash.prefix(12))))
            #expect(try await Self.fetch(client, "/web/dag/\(hash)", cookie: cookie).status == .ok)
            #expect(try await Self.fetch(client, "/web/dag/\(teamHash)", cookie: cookie).status == .ok)
            #expect(home.text.contains(String(teamHash.prefix(12))))
            #expect(try await Self.fetch(client, "/web/dag/\(teamHash)").status == .notFound)
            // The cookie is no credential for the API (no other site can make a browser call it).
            #expect(try await Self.fetch(client, "/api/v1/auth/me", cookie: cookie).status == .unauthorized)
            #expect(try await Self.fetch(client, "/api/graph/v1/lineages/\(hash)", cookie: cookie).status == .notFound)

            // A signed-in browser approves another login, with the form's token only.
            let csrf = try #require(home.firstMatch("name=\"csrf\" value=\"[0-9a-f]{64}\"").map { String($0.dropFirst(19).dropLast()) })
            let started = try await approver.send(.post, "/api/v1/auth/device/start", json: ["client_name": "roar-cli"])
            let other = try #require(started.data["user_code"]?.stringValue)
            #expect(try await Self.fetch(client, "/web/device?user_code=\(other)", cookie: cookie).text.contains("Approve"))
            let forged = try await Self.fetch(client, "/web/device", method: .post, cookie: cookie, form: "user_code=\(other)&decision=approve")
            #expect(forged.status == .forbidden)
            let wrong = try await Self.fetch(
                client, "/web/device", method: .post, cookie: cookie, form: "user_code=\(other)&csrf=\(String(repeating: "0", count: 64))")
            #expect(wrong.status == .forbidden)
            let decided = try await Self.fetch(
                client, "/web/device", method: .post, cookie: cookie, form: "user_code=\(other)&decision=approve&csrf=\(csrf)")
            #expect(decided.status == .ok && decided.text.contains("Approved"))
            let device = try #require(started.data["device_code"]?.stringValue)
            let tokens = try await approver.send(
                .post, "/api/v1/auth/device/token",
                json: ["grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": .string(device)])
            #expect(tokens.status == .ok && tokens.data["access_context"]?["user"]?["username"] == "alice")

            // Signing out needs the token too, and ends the session at once.
            #expect(try await Self.fetch(client, "/web/logout", method: .post, cookie: cookie, form: "").status == .forbidden)
            let out = try await Self.fetch(client, "/web/logout", method: .post, cookie: cookie, form: "csrf=\(csrf)")
            #expect(
                out.status == .seeOther
                    && out.setCookies.contains { $0.hasPrefix("glaas_session=;") || $0.hasPrefix("glaas_session=\"\"") || $0.contains("Max-Age=0") })
            #expect(try await Self.fetch(client, "/web/dag/\(hash)", cookie: cookie).status == .notFound)
            #expect(try await Self.fetch(client, "/web/dag/\(teamHash)", cookie: cookie).status == .notFound)
            #expect(try await Self.fetch(client, "/", cookie: cookie).text.contains("Sign in"))
        }
    }

    @Test func theCookieIsSecureBehindHTTPS() async throws {
        let registry = try await TestRegistry(.sqlite, configuration: GLaaSConfiguration(port: 8765, publicURL: "https://glaas.example.com"))
        try await registry.application.routed { client in
            let login = try await Self.fetch(client, "/web/login")
            #expect(login.setCookies.contains { $0.hasPrefix("glaas_login=") && $0.contains("Secure") && $0.contains("HttpOnly") })
            // A made-up or stale cookie is simply not signed in.
            let stale = try await Self.fetch(client, "/", cookie: "glaas_session=glaas_ws_\(String(repeating: "a", count: 64))")
            #expect(stale.status == .ok && stale.text.contains("Sign in"))
        }
    }

    @Test(arguments: StoreKind.available)
    func manyBrowsersOpenTheSignInPageAtOnce(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        try await registry.application.routed { client in
            let pages = try await withThrowingTaskGroup(of: Page.self) { group in
                for _ in 0..<16 { group.addTask { try await Self.fetch(client, "/web/login") } }
                return try await group.reduce(into: [Page]()) { $0.append($1) }
            }
            #expect(pages.allSatisfy { $0.status == .ok && $0.cookie("glaas_login") != nil })
            #expect(Set(pages.compactMap { $0.firstMatch("[B-Z]{4}-[B-Z]{4}") }).count == 16)
            // Each polls its own code, still waiting.
            let polled = try await withThrowingTaskGroup(of: Bool.self) { group in
                for page in pages {
                    group.addTask {
                        let cookie = "glaas_login=\(page.cookie("glaas_login") ?? "")"
                        return try await Self.fetch(client, "/web/login/poll", cookie: cookie).text.contains("Not approved yet")
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(polled.count == 16 && polled.allSatisfy { $0 })
        }
    }
}
