import Foundation
import GLaaSClient
import LineageModel
import TestSupport
import Testing

@testable import RoarKit

/// `roar scope use`: the scope kept in `.roar/config.json`, and the `scope_request` each sends
/// (as roar-cli 0.4.7's traces 17 and 23 show them).
@Suite(.timeLimit(.minutes(2)))
struct PublishScopeTests {
    static let project = PublishScope.Project(
        name: "acme/demo-project", registry: "http://127.0.0.1:8765", ownerID: "22222222-2222-4222-8222-222222222222",
        projectID: "33333333-3333-4333-8333-333333333333", visibility: "private")

    @Test func everyScopeSurvivesTheConfigurationFile() throws {
        let fixture = try ProjectFixture()
        #expect(try RoarConfiguration.load(fixture.project).scope == nil)
        for scope in [PublishScope.anonymous, .private, .public, .project(Self.project)] {
            var configuration = try RoarConfiguration.load(fixture.project)
            configuration.scope = scope
            try configuration.save(fixture.project)
            #expect(try RoarConfiguration.load(fixture.project).scope == scope)
            #expect(try RoarConfiguration.load(fixture.project).ignore == RoarConfiguration.default.ignore)
        }
        let saved = try JSONParser.parse(try #require(fixture.read(".roar/config.json")))
        #expect(saved["scope"]?["kind"] == "project")
        #expect(saved["scope"]?["owner_id"] == "22222222-2222-4222-8222-222222222222")
        #expect(saved["scope"]?["project_id"] == "33333333-3333-4333-8333-333333333333")
        #expect(saved["scope"]?["name"] == "acme/demo-project")
    }

    @Test func anUnknownScopeKindIsRefusedWithThePath() async throws {
        let fixture = try ProjectFixture()
        try fixture.write(".roar/config.json", #"{"glaas_url": "http://x.example", "scope": {"kind": "team"}}"#)
        await expectRoarError(.failed, containing: "config.json is not valid") { try RoarConfiguration.load(fixture.project) }
    }

    @Test func eachScopeSendsTheScopeRequestRoarCLISends() {
        #expect(PublishScope.anonymous.publication.json == nil)
        #expect(PublishScope.private.publication.json == ["owner_resolution": "current_user", "owner_type": "user", "visibility": "private"])
        #expect(PublishScope.public.publication.json == ["owner_resolution": "current_user", "owner_type": "user", "visibility": "public"])
        #expect(
            PublishScope.project(Self.project).publication.json == [
                "owner_id": "22222222-2222-4222-8222-222222222222", "owner_type": "organization",
                "project_id": "33333333-3333-4333-8333-333333333333", "visibility": "private",
            ])
        #expect(PublishScope.named("private") == .private && PublishScope.named("acme/x") == nil)
        #expect(!PublishScope.anonymous.needsCredential && PublishScope.project(Self.project).needsCredential)
    }

    @Test func optionsFollowTheScope() {
        let project = Publisher.Options(scope: .project(Self.project))
        #expect(project.visibility == .private && !project.anonymous && project.needsCredential)
        #expect(project.publication == .project(ownerID: Self.project.ownerID, projectID: Self.project.projectID, visibility: "private"))
        let anonymous = Publisher.Options(scope: .anonymous)
        #expect(anonymous.anonymous && !anonymous.needsCredential && anonymous.publication == .unspecified)
        let attributed = Publisher.Options(scope: .public)
        #expect(attributed.visibility == .public && attributed.needsCredential)
        #expect(Publisher.Options(visibility: .public).publication == .unspecified)
        #expect(!Publisher.Options(visibility: .public).needsCredential)
    }
}
