import Foundation
import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

/// Organization admins manage their organizations over HTTP as the operator does with
/// `glaas orgs` and `glaas projects`: add and remove members, create projects. Members read
/// their organization; to anyone else it does not exist (one 404 for both).
struct TeamAPI: Sendable {
    typealias Context = GLaaSRequestContext
    typealias Store = TeamDirectory & UserDirectory

    let store: any Store

    func addRoutes(to router: Router<Context>) {
        let api = router.group("api/v1/orgs")
        api.get { _, context in try await mine(context) }
        api.get(":org") { _, context in try await show(try context.parameters.require("org"), context) }
        api.post(":org/members") { request, context in
            try await addMember(try context.parameters.require("org"), try await V1API.body(request, context), context)
        }
        api.delete(":org/members/:user") { _, context in
            try await removeMember(try context.parameters.require("org"), user: try context.parameters.require("user"), context)
        }
        api.post(":org/projects") { request, context in
            try await addProject(try context.parameters.require("org"), try await V1API.body(request, context), context)
        }
    }

    func signedIn(_ context: Context) throws -> User {
        guard let user = context.principal.user else {
            throw GLaaSError.unauthorized("Sign in (roar login, a Bearer token, or an SSH signature) to manage organizations")
        }
        return user
    }

    /// The organization if `user` is a member (with their role); one 404 otherwise.
    func membership(_ slug: String, _ user: User) async throws -> (Organization, OrganizationRole) {
        guard let organization = try await store.organization(slug: slug), let role = try await store.role(ofUser: user.id, in: organization.id)
        else { throw GLaaSError.notFound("No organization \(slug.prefix(64)) that you are a member of") }
        return (organization, role)
    }

    func requireAdmin(_ slug: String, _ context: Context) async throws -> Organization {
        let (organization, role) = try await membership(slug, try signedIn(context))
        guard role == .admin else { throw GLaaSError.forbidden("Only admins of \(organization.slug) manage its members and projects") }
        return organization
    }

    /// `GET /orgs`: the caller's organizations and roles.
    func mine(_ context: Context) async throws -> Response {
        let user = try signedIn(context)
        let memberships = try await store.memberships(ofUser: user.id)
        return JSONResponse.envelope([
            "organizations": .array(
                memberships.map { organization, role in
                    [
                        "id": .string(organization.id), "name": .string(organization.slug), "display_name": .string(organization.displayName),
                        "role": .string(role.rawValue),
                    ]
                })
        ])
    }

    /// `GET /orgs/{org}`: members and projects, for members.
    func show(_ slug: String, _ context: Context) async throws -> Response {
        let (organization, role) = try await membership(slug, try signedIn(context))
        var members: [JSONValue] = []
        for member in try await store.members(ofOrganization: organization.id) {
            let name = try await store.user(id: member.userID)?.name ?? member.userID
            members.append(["username": .string(name), "role": .string(member.role.rawValue)])
        }
        let projects = try await store.projects(ofOrganization: organization.id).map(Self.json)
        return JSONResponse.envelope([
            "id": .string(organization.id), "name": .string(organization.slug), "display_name": .string(organization.displayName),
            "role": .string(role.rawValue), "members": .array(members), "projects": .array(projects),
        ])
    }

    /// `POST /orgs/{org}/members` `{username, role}`: adds a member or changes a role (admins).
    func addMember(_ slug: String, _ body: JSONFields, _ context: Context) async throws -> Response {
        let organization = try await requireAdmin(slug, context)
        let name = try body.string("username")
        let roleText = try body.optionalString("role", maxLength: 20) ?? "member"
        guard let role = OrganizationRole(rawValue: roleText) else { throw GLaaSError.badRequest("role must be \"admin\" or \"member\"") }
        guard let user = try await store.user(named: name) else { throw GLaaSError.notFound("No user named \(name.prefix(64))") }
        if role == .member, try await store.role(ofUser: user.id, in: organization.id) == .admin {
            try await requireAnotherAdmin(organization, besides: user)
        }
        try await store.setMember(organizationID: organization.id, userID: user.id, role: role)
        context.logger.info("Member set", metadata: ["org": "\(organization.slug)", "user": "\(user.name)", "role": "\(role.rawValue)"])
        return JSONResponse.envelope(["org": .string(organization.slug), "username": .string(user.name), "role": .string(role.rawValue)])
    }

    /// `DELETE /orgs/{org}/members/{user}`: removes a member, at once (admins; never the last admin).
    func removeMember(_ slug: String, user name: String, _ context: Context) async throws -> Response {
        let organization = try await requireAdmin(slug, context)
        guard let user = try await store.user(named: name), try await store.role(ofUser: user.id, in: organization.id) != nil else {
            throw GLaaSError.notFound("\(name.prefix(64)) is not a member of \(organization.slug)")
        }
        if try await store.role(ofUser: user.id, in: organization.id) == .admin { try await requireAnotherAdmin(organization, besides: user) }
        let removed = try await store.removeMember(organizationID: organization.id, userID: user.id)
        return JSONResponse.envelope(["org": .string(organization.slug), "username": .string(user.name), "removed": .bool(removed)])
    }

    /// An organization keeps at least one admin (the operator can always add one back).
    func requireAnotherAdmin(_ organization: Organization, besides user: User) async throws {
        let admins = try await store.members(ofOrganization: organization.id).filter { $0.role == .admin && $0.userID != user.id }
        guard !admins.isEmpty else { throw GLaaSError.conflict("\(organization.slug) would have no admin left: make another member admin first") }
    }

    /// `POST /orgs/{org}/projects` `{slug, name?, description?, visibility?}` (admins).
    func addProject(_ slug: String, _ body: JSONFields, _ context: Context) async throws -> Response {
        let organization = try await requireAdmin(slug, context)
        let projectSlug = try body.string("slug")
        guard Project.isValidSlug(projectSlug) else { throw GLaaSError.badRequest("slug is 1-64 of a-z, 0-9, '-' and '_'") }
        let visibilityText = try body.optionalString("visibility", maxLength: 20) ?? "private"
        guard let visibility = Visibility(rawValue: visibilityText) else {
            throw GLaaSError.badRequest("visibility must be \"public\" or \"private\"")
        }
        let project = Project(
            id: UUID().uuidString.lowercased(), organizationID: organization.id, slug: projectSlug,
            name: try body.optionalString("name", maxLength: 200) ?? projectSlug,
            description: try body.optionalString("description", maxLength: 1000),
            visibility: visibility, createdAt: Date())
        try await store.addProject(project)
        return JSONResponse.envelope(Self.json(project), status: .created)
    }

    static func json(_ project: Project) -> JSONValue {
        [
            "id": .string(project.id), "slug": .string(project.slug), "name": .string(project.name),
            "description": project.description.map(JSONValue.string) ?? .null, "visibility": .string(project.visibility.rawValue),
        ]
    }
}
