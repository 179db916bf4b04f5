import Foundation
import GLaaSServer
import LineageModel
import LineageStore
import TestSupport
import Testing

/// The device login (issue 14, items 1 and 2): a client starts it, polls, a user approves the
/// code with an SSH signature, the client redeems it once for an access and a refresh token;
/// refresh rotates, a reused refresh token ends the login, logout ends it. The attacker's side:
/// a Bearer token or nobody cannot approve, codes are redeemed once, a refresh token is no
/// Bearer token, polling too fast is slowed down. On both stores.
@Suite(.timeLimit(.minutes(5))) struct DeviceLoginTests {
    static func bearer(_ secret: String) -> TestRegistry.Auth { .header("Bearer \(secret)") }

    static func start(_ client: some TestHTTPClient) async throws -> (deviceCode: String, userCode: String) {
        let started = try await client.send(.post, "/api/v1/auth/device/start", json: ["client_id": "roar-cli", "client_name": "roar-cli"])
        #expect(started.status == .ok)
        #expect(started.data["verification_uri"]?.stringValue?.hasSuffix("/web/device") == true)
        #expect(started.data["expires_in"] == 600 && started.data["interval"] == 5)
        return (try #require(started.data["device_code"]?.stringValue), try #require(started.data["user_code"]?.stringValue))
    }

    static func poll(_ client: some TestHTTPClient, _ deviceCode: String) async throws -> TestRegistry.Reply {
        try await client.send(
            .post, "/api/v1/auth/device/token",
            json: ["grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": .string(deviceCode), "client_id": "roar-cli"])
    }

    @Test(arguments: StoreKind.available)
    func aLoginApprovedWithAnSSHKeyIssuesTokensThatRefreshAndLogOut(kind: StoreKind) async throws {
        let registry = try await TestRegistry(kind)
        let alice = InMemoryEd25519Signer()
        let user = try await registry.addUser("alice", signer: alice)
        let acme = try await registry.store.addOrganization(slug: "acme", displayName: "Acme Corp")
        try await registry.store.setMember(organizationID: acme.id, userID: user.id, role: .admin)
        let project = Project(
            id: UUID().uuidString.lowercased(), organizationID: acme.id, slug: "demo", name: "Demo", description: "team work", visibility: .private,
            createdAt: Date())
        try await registry.store.addProject(project)
        try await registry.run { client in
            let (deviceCode, userCode) = try await Self.start(client)
            let pending = try await Self.poll(client, deviceCode)
            #expect(pending.status == .badRequest && pending.json["error"]?["code"] == "authorization_pending")
            // Polling again at once is too fast.
            #expect(try await Self.poll(client, deviceCode).json["error"]?["code"] == "slow_down")

            // Nobody, and a typo, cannot approve; the key's owner can, in any case and without the dash.
            let approve: JSONValue = ["user_code": .string(userCode.lowercased().replacingOccurrences(of: "-", with: ""))]
            #expect(try await client.send(.post, "/api/v1/auth/device/approve", json: approve).status == .unauthorized)
            #expect(try await client.send(.post, "/api/v1/auth/device/approve", json: ["user_code": "12"], auth: .ssh(alice)).status == .badRequest)
            let approved = try await client.send(.post, "/api/v1/auth/device/approve", json: approve, auth: .ssh(alice))
            #expect(approved.status == .ok && approved.data["status"] == "approved" && approved.data["client_name"] == "roar-cli")
            // Decided once (another body: the same signed body again would be a replay).
            let again: JSONValue = ["user_code": .string(userCode), "decision": "deny"]
            #expect(try await client.send(.post, "/api/v1/auth/device/approve", json: again, auth: .ssh(alice)).status == .conflict)

            let tokens = try await Self.poll(client, deviceCode)
            #expect(tokens.status == .ok, "\(tokens.json)")
            let access = try #require(tokens.data["access_token"]?.stringValue)
            let refresh = try #require(tokens.data["refresh_token"]?.stringValue)
            #expect(access.hasPrefix("glaas_at_") && refresh.hasPrefix("glaas_rt_") && tokens.data["token_type"] == "Bearer")
            #expect((tokens.data["expires_in"]?.int64Value ?? 0) > 3000)
            let context = try #require(tokens.data["access_context"])
            #expect(context["user"]?["username"] == "alice" && context["owners"]?[1]?["username"] == "acme")
            #expect(context["projects_by_owner"]?[acme.id]?[0]?["id"] == .string(project.id))
            #expect(context["projects_by_owner"]?[acme.id]?[0]?["can_write"] == true)
            // Redeemed once only.
            #expect(try await Self.poll(client, deviceCode).json["error"]?["code"] == "expired_token")

            // The access token reads as alice; the refresh token is not a Bearer token.
            #expect(try await client.get("/api/v1/auth/access-context", auth: Self.bearer(access)).data["user"]?["id"] == .string(user.id))
            #expect(try await client.get("/api/v1/auth/me", auth: Self.bearer(refresh)).status == .unauthorized)
            // A Bearer token cannot approve another login (it would mint tokens from tokens).
            let (_, second) = try await Self.start(client)
            #expect(
                try await client.send(.post, "/api/v1/auth/device/approve", json: ["user_code": .string(second)], auth: Self.bearer(access)).status
                    == .unauthorized)

            // Refresh rotates: the old pair stops working, the new one works.
            let refreshed = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": .string(refresh), "client_id": "roar-cli"])
            #expect(refreshed.status == .ok, "\(refreshed.json)")
            let access2 = try #require(refreshed.data["access_token"]?.stringValue)
            let refresh2 = try #require(refreshed.data["refresh_token"]?.stringValue)
            #expect(access2 != access && refresh2 != refresh && refreshed.data["access_context"]?["user"]?["id"] == .string(user.id))
            #expect(try await client.get("/api/v1/auth/me", auth: Self.bearer(access)).status == .unauthorized)
            #expect(try await client.get("/api/v1/auth/me", auth: Self.bearer(access2)).status == .ok)
            // The old refresh token comes back: someone copied it, so the whole login ends.
            let replayed = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": .string(refresh)])
            #expect(replayed.status == .unauthorized && replayed.message?.contains("already used") == true)
            #expect(try await client.get("/api/v1/auth/me", auth: Self.bearer(access2)).status == .unauthorized)
            #expect(try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": .string(refresh2)]).status == .unauthorized)

            // A second login; logout ends it (its refresh token too), and `glaas tokens list` shows it.
            let (code3, user3) = try await Self.start(client)
            _ = try await client.send(.post, "/api/v1/auth/device/approve", json: ["user_code": .string(user3)], auth: .ssh(alice))
            let third = try await Self.poll(client, code3)
            let access3 = try #require(third.data["access_token"]?.stringValue)
            let refresh3 = try #require(third.data["refresh_token"]?.stringValue)
            #expect(try await registry.store.tokens(ofUser: user.id).contains { $0.name.hasPrefix("login:roar-cli:") && $0.kind == .access })
            let loggedOut = try await client.send(.post, "/api/v1/auth/logout", auth: Self.bearer(access3))
            #expect(loggedOut.status == .ok && loggedOut.data["revoked"] == true)
            #expect(try await client.get("/api/v1/auth/me", auth: Self.bearer(access3)).status == .unauthorized)
            #expect(try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": .string(refresh3)]).status == .unauthorized)
        }
    }

    @Test(arguments: StoreKind.available)
    func deniedExpiredUnknownAndRacingCodesGiveNoTokens(kind: StoreKind) async throws {
        var configuration = GLaaSConfiguration(port: 8765)
        configuration.deviceLogin = DeviceLoginPolicy(codeLifetime: 600, pollInterval: 1)
        let registry = try await TestRegistry(kind, configuration: configuration)
        let alice = InMemoryEd25519Signer()
        let user = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            let denied = try await client.send(.post, "/api/v1/auth/device/start", json: ["client_name": "laptop"])
            let deniedCode = try #require(denied.data["user_code"]?.stringValue)
            let decided = try await client.send(
                .post, "/api/v1/auth/device/approve", json: ["user_code": .string(deniedCode), "decision": "deny"], auth: .ssh(alice))
            #expect(decided.data["status"] == "denied")
            let refused = try await Self.poll(client, try #require(denied.data["device_code"]?.stringValue))
            #expect(refused.json["error"]?["code"] == "access_denied")

            #expect(try await Self.poll(client, "not-a-device-code").json["error"]?["code"] == "invalid_grant")
            #expect(
                try await client.send(.post, "/api/v1/auth/device/token", json: ["grant_type": "password", "device_code": "x"]).status == .badRequest)
            let unknown = try await client.send(.post, "/api/v1/auth/device/approve", json: ["user_code": "BCDF-GHJK"], auth: .ssh(alice))
            #expect(unknown.status == .notFound)

            // An expired code: nobody can approve it, the client is told to start again.
            let stale = DeviceAuthorization(
                deviceCodeHash: BearerSecret.hash("stale-device-code"), userCode: "ZZZZ-ZZZZ", clientID: "roar-cli", clientName: "roar-cli",
                createdAt: Date(timeIntervalSinceNow: -700), expiresAt: Date(timeIntervalSinceNow: -100), interval: 1)
            try await registry.store.addDeviceAuthorization(stale)
            #expect(
                try await client.send(.post, "/api/v1/auth/device/approve", json: ["user_code": "zzzzzzzz"], auth: .ssh(alice)).status == .notFound)
            #expect(try await Self.poll(client, "stale-device-code").json["error"]?["code"] == "expired_token")

            // Approved once, polled by eight clients at once: exactly one gets the tokens.
            let started = try await client.send(.post, "/api/v1/auth/device/start", json: [:])
            let code = try #require(started.data["device_code"]?.stringValue)
            _ = try await client.send(.post, "/api/v1/auth/device/approve", json: ["user_code": started.data["user_code"]!], auth: .ssh(alice))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await Self.poll(client, code).status.code } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1 && statuses.filter { $0 == 400 }.count == 7, "\(statuses)")
            #expect(try await registry.store.tokens(ofUser: user.id).filter { $0.kind == .access }.count == 1)

            // A disabled account's approval yields nothing.
            let another = try await client.send(.post, "/api/v1/auth/device/start", json: [:])
            _ = try await client.send(.post, "/api/v1/auth/device/approve", json: ["user_code": another.data["user_code"]!], auth: .ssh(alice))
            try await registry.store.setDisabled(true, userID: user.id)
            let disabled = try await Self.poll(client, try #require(another.data["device_code"]?.stringValue))
            #expect(disabled.json["error"]?["code"] == "access_denied")
        }
    }

    @Test(arguments: StoreKind.available)
    func manyLoginsStartAndAreApprovedAtOnce(kind: StoreKind) async throws {
        var configuration = GLaaSConfiguration(port: 8765)
        configuration.deviceLogin = DeviceLoginPolicy(pollInterval: 1)
        let registry = try await TestRegistry(kind, configuration: configuration)
        let alice = InMemoryEd25519Signer()
        let user = try await registry.addUser("alice", signer: alice)
        try await registry.run { client in
            // Sixteen clients start, are approved and redeem at once: sixteen distinct codes, each
            // redeemed once for its own pair.
            let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        let started = try await client.send(.post, "/api/v1/auth/device/start", json: ["client_name": .string("c\(index)")])
                        guard let code = started.data["user_code"]?.stringValue, let device = started.data["device_code"]?.stringValue else {
                            return nil
                        }
                        let approved = try await client.send(
                            .post, "/api/v1/auth/device/approve", json: ["user_code": .string(code)], auth: .ssh(alice))
                        guard approved.status == .ok else { return nil }
                        return try await Self.poll(client, device).data["access_token"]?.stringValue
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(tokens.count == 16 && tokens.allSatisfy { $0 != nil } && Set(tokens).count == 16, "\(tokens)")
            #expect(try await registry.store.tokens(ofUser: user.id).filter { $0.kind == .access }.count == 16)
        }
    }
}
