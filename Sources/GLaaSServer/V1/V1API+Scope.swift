import GLaaSHTTP
import LineageModel
import LineageStore

/// Where a registration publishes, from its `scope_request`: visibility (nil: none asked for),
/// the owning user, and the project when it publishes into one.
struct PublicationTarget: Sendable {
    var visibility: Visibility?
    var owner: String?
    var project: Project?
}

extension V1API {
    /// Resolves `scope_request` for a session. Anonymous sessions publish publicly; a signed-in
    /// user publishes to their own account (publicly unless asked otherwise) or, with
    /// `owner_type: organization` and `project_id`, into a project of an organization they are
    /// a member of (with the project's visibility unless asked otherwise).
    func publicationTarget(_ request: JSONFields?, session: RegistrationSession) async throws -> PublicationTarget {
        let visibility = try Self.requestedVisibility(request)
        guard let owner = session.ownerUserID else {
            guard visibility != .private else {
                throw GLaaSError.badRequest("Anonymous publications are public; sign in (roar login, or an SSH key) to publish privately")
            }
            guard try request?.optionalString("project_id") == nil, try request?.optionalString("owner_type") != "organization" else {
                throw GLaaSError.unauthorized("Publishing into a project needs a signed-in member of its organization")
            }
            return PublicationTarget(visibility: .public, owner: nil)
        }
        guard let request else { return PublicationTarget(visibility: visibility, owner: owner) }
        guard let project = try await requestedProject(request, user: owner) else {
            let ownerID = try request.optionalString("owner_id")
            let ownerType = try request.optionalString("owner_type") ?? "user"
            let resolution = try request.optionalString("owner_resolution")
            guard ownerType == "user", ownerID == nil || ownerID == owner || resolution == "current_user" else {
                throw GLaaSError.forbidden("A user publishes to their own account or into a project (owner_type organization with project_id)")
            }
            return PublicationTarget(visibility: visibility, owner: owner)
        }
        return PublicationTarget(visibility: visibility ?? project.visibility, owner: owner, project: project)
    }

    /// `scope_request.visibility`, nil when absent.
    static func requestedVisibility(_ request: JSONFields?) throws -> Visibility? {
        guard let text = try request?.optionalString("visibility") else { return nil }
        guard let visibility = Visibility(rawValue: text) else { throw GLaaSError.badRequest("visibility must be \"public\" or \"private\"") }
        return visibility
    }

    /// The project a scope names, checked: it exists, belongs to the organization named as
    /// owner, and `user` is a member of it. Nil when the scope names no project. One answer for
    /// a project that does not exist and one the user cannot publish into, so that the answer
    /// says nothing about other organizations' projects.
    func requestedProject(_ request: JSONFields, user: String) async throws -> Project? {
        let ownerType = try request.optionalString("owner_type") ?? "user"
        guard let projectID = try request.optionalString("project_id", maxLength: 200) else {
            if ownerType == "organization" { throw GLaaSError.badRequest("Publishing for an organization needs a project_id") }
            return nil
        }
        guard ownerType == "organization" else { throw GLaaSError.badRequest("Projects belong to organizations: set owner_type to organization") }
        let refused = GLaaSError.forbidden("No project \(projectID.prefix(64)) that you are a member of (ask an admin of its organization)")
        guard let project = try await store.project(id: projectID) else { throw refused }
        if let ownerID = try request.optionalString("owner_id"), ownerID != project.organizationID { throw refused }
        guard try await store.role(ofUser: user, in: project.organizationID) != nil else { throw refused }
        return project
    }
}
