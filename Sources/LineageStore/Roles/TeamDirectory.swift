/// Organizations, their members and projects: who may read and publish a project's lineages.
/// Membership changes take effect at once, because every visibility check reads it.
public protocol TeamDirectory: Sendable {
    /// Adds an organization, `id` defaulting to a new UUID (given when importing one); `conflict`
    /// when its slug is taken by another organization or a user.
    func addOrganization(id: String?, slug: String, displayName: String) async throws -> Organization
    func organization(slug: String) async throws -> Organization?
    func organization(id: String) async throws -> Organization?
    func organizations() async throws -> [Organization]
    /// Adds a member or changes a member's role; `notFound` for an unknown organization or user.
    func setMember(organizationID: String, userID: String, role: OrganizationRole) async throws
    /// Removes a member, with immediate effect; false when the user was not a member.
    func removeMember(organizationID: String, userID: String) async throws -> Bool
    func members(ofOrganization organizationID: String) async throws -> [OrganizationMember]
    /// The organizations a user belongs to, with the role in each.
    func memberships(ofUser userID: String) async throws -> [(Organization, OrganizationRole)]
    /// Adds a project; `conflict` when the organization has one with that slug.
    func addProject(_ project: Project) async throws
    func project(id: String) async throws -> Project?
    func projects(ofOrganization organizationID: String) async throws -> [Project]
}

extension TeamDirectory {
    /// Adds an organization under a new id.
    public func addOrganization(slug: String, displayName: String) async throws -> Organization {
        try await addOrganization(id: nil, slug: slug, displayName: displayName)
    }

    /// The user's role in the organization, nil when not a member.
    public func role(ofUser userID: String, in organizationID: String) async throws -> OrganizationRole? {
        try await memberships(ofUser: userID).first { $0.0.id == organizationID }?.1
    }
}
