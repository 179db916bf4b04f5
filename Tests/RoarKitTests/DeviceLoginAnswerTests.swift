import Foundation
import GLaaSClient
import LineageModel
import Testing

/// The answers of the device login as roar-cli 0.4.7's trace 18 recorded them: the start, the
/// issued tokens with their access context, and `ORG/PROJECT` found in it.
@Suite(.timeLimit(.minutes(1)))
struct DeviceLoginAnswerTests {
    static let context: JSONValue = [
        "owners": [
            ["display_name": "Alice", "id": "11111111-1111-4111-8111-111111111111", "type": "user", "username": "alice"],
            ["display_name": "Acme Corp", "id": "22222222-2222-4222-8222-222222222222", "type": "organization", "username": "acme"],
        ],
        "projects_by_owner": [
            "11111111-1111-4111-8111-111111111111": [],
            "22222222-2222-4222-8222-222222222222": [
                [
                    "can_write": true, "description": "private org project", "id": "33333333-3333-4333-8333-333333333333", "name": "Demo Project",
                    "slug": "demo-project", "visibility": "private",
                ],
                [
                    "can_write": false, "description": "public org project", "id": "44444444-4444-4444-8444-444444444444", "name": "Open Project",
                    "slug": "open-project", "visibility": "public",
                ],
            ],
        ],
        "user": ["email": "alice@example.com", "id": "11111111-1111-4111-8111-111111111111", "sub": "treqs|alice", "username": "alice"],
    ]

    @Test func theStartAnswerIsReadWithRoarCLIDefaults() throws {
        let start = try DeviceAuthorization(
            json: [
                "device_code": "7kiLu_etJvMBl8Fo028REpIHVC6wmC2o", "expires_in": 600, "interval": 1, "user_code": "11D7-B127",
                "verification_uri": "http://127.0.0.1:8765/web/device",
                "verification_uri_complete": "http://127.0.0.1:8765/web/device?user_code=11D7-B127",
            ], path: "/auth/device/start")
        #expect(start.userCode == "11D7-B127" && start.interval == 1 && start.expiresIn == 600)
        let bare = try DeviceAuthorization(
            json: ["device_code": "d", "user_code": "U", "verification_uri": "http://x/web/device"], path: "/auth/device/start")
        #expect(bare.interval == 5 && bare.expiresIn == 600 && bare.verificationURIComplete == nil)
        #expect(throws: RegistryClientError.invalidResponse(path: "/auth/device/start", reason: "no user_code")) {
            try DeviceAuthorization(json: ["device_code": "d", "verification_uri": "http://x"], path: "/auth/device/start")
        }
    }

    @Test func issuedTokensExpireRelativeToTheirArrival() throws {
        let arrival = Date(timeIntervalSince1970: 1_795_789_953)
        let token = try IssuedToken(
            json: [
                "access_token": "glaas_at_kX", "refresh_token": "glaas_rt_UI", "expires_in": 3600, "refresh_expires_at": "2026-12-27T14:32:33Z",
                "token_type": "Bearer", "access_context": Self.context,
            ], receivedAt: arrival, path: "/auth/device/token")
        #expect(token.accessToken == "glaas_at_kX" && token.refreshToken == "glaas_rt_UI")
        #expect(token.expiresAt == arrival.addingTimeInterval(3600))
        #expect(token.refreshExpiresAt == IssuedToken.date("2026-12-27T14:32:33Z"))
        #expect(token.accessContext?.user.username == "alice")
        let fractional = try IssuedToken(json: ["token": "t", "expires_at": "2026-12-27T14:32:33.250Z"], path: "/auth/refresh")
        #expect(fractional.accessToken == "t" && fractional.expiresAt == IssuedToken.date("2026-12-27T14:32:33Z")?.addingTimeInterval(0.25))
        #expect(throws: RegistryClientError.self) { try IssuedToken(json: ["refresh_token": "r"], path: "/auth/refresh") }
    }

    @Test func organizationProjectsAreFoundBySlugOrName() throws {
        let context = try AccessContext(json: Self.context, path: "/auth/access-context")
        #expect(context.user.email == "alice@example.com" && context.owners.count == 2)
        #expect(context.organizationProjects.map { "\($0.owner.username)/\($0.project.slug)" } == ["acme/demo-project", "acme/open-project"])
        let found = try #require(context.project(named: "acme/demo-project"))
        #expect(found.owner.id == "22222222-2222-4222-8222-222222222222" && found.project.id == "33333333-3333-4333-8333-333333333333")
        #expect(context.project(named: "acme/Open Project")?.project.canWrite == false)
        #expect(context.project(named: "alice/demo-project") == nil && context.project(named: "acme") == nil)
        #expect(throws: RegistryClientError.self) { try AccessContext(json: ["owners": []], path: "/auth/access-context") }
    }
}
