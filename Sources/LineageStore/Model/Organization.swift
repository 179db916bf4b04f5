import Foundation

/// A team account: it owns projects, and its members read and publish their private lineages.
/// Its `slug` shares one namespace with user names, so `ORG/PROJECT` names one project.
public struct Organization: Sendable, Hashable, Codable {
    public var id: String
    /// The name in `ORG/PROJECT` (lowercase letters, digits, `-` and `_`).
    public var slug: String
    public var displayName: String
    public var createdAt: Date

    public init(id: String, slug: String, displayName: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.displayName = displayName
        self.createdAt = createdAt
    }
}

/// What a member may do in an organization: every member reads, publishes and labels in its
/// projects; admins also add and remove members and create projects.
public enum OrganizationRole: String, Sendable, Hashable, Codable, CaseIterable {
    case admin
    case member
}

/// A user's membership of an organization.
public struct OrganizationMember: Sendable, Hashable, Codable {
    public var organizationID: String
    public var userID: String
    public var role: OrganizationRole
    public var addedAt: Date

    public init(organizationID: String, userID: String, role: OrganizationRole, addedAt: Date) {
        self.organizationID = organizationID
        self.userID = userID
        self.role = role
        self.addedAt = addedAt
    }
}
