import Foundation
import LineageModel

/// `GET /auth/access-context` (§2.3): who a credential belongs to, the owners they may publish
/// for (themselves and their organizations), and the projects of each owner.
public struct AccessContext: Sendable, Equatable {
    /// The signed-in user.
    public struct User: Sendable, Equatable {
        public var id: String
        /// The registry's subject (its creator identity, `glaas:user:…`), when given.
        public var sub: String?
        public var username: String
        public var email: String?
    }

    /// A user or organization that lineages can be published for.
    public struct Owner: Sendable, Equatable {
        public var id: String
        /// `user` or `organization`.
        public var type: String
        public var username: String
        public var displayName: String?
    }

    /// A project of an owner.
    public struct Project: Sendable, Equatable {
        public var id: String
        public var name: String
        public var slug: String
        public var description: String?
        /// `private` or `public`: the visibility of what is published into it.
        public var visibility: String
        /// Whether this user may publish into it.
        public var canWrite: Bool
    }

    public var user: User
    public var owners: [Owner]
    /// Projects by owner id.
    public var projectsByOwner: [String: [Project]]

    public init(user: User, owners: [Owner], projectsByOwner: [String: [Project]]) {
        self.user = user
        self.owners = owners
        self.projectsByOwner = projectsByOwner
    }

    /// Reads the answer; `user.id` is required, owners and projects default to none.
    public init(json data: JSONValue, path: String) throws {
        guard let user = data["user"], let id = user["id"]?.stringValue ?? user["db_user_id"]?.stringValue, !id.isEmpty else {
            throw RegistryClientError.invalidResponse(path: path, reason: "no user.id in the access context")
        }
        self.user = User(
            id: id, sub: user["sub"]?.stringValue, username: user["username"]?.stringValue ?? user["email"]?.stringValue ?? id,
            email: user["email"]?.stringValue)
        owners = (data["owners"]?.arrayValue ?? []).compactMap { owner in
            guard let id = owner["id"]?.stringValue else { return nil }
            return Owner(
                id: id, type: owner["type"]?.stringValue ?? "user", username: owner["username"]?.stringValue ?? id,
                displayName: owner["display_name"]?.stringValue)
        }
        projectsByOwner = (data["projects_by_owner"]?.objectValue ?? [:]).mapValues { projects in
            (projects.arrayValue ?? []).compactMap { project in
                guard let id = project["id"]?.stringValue else { return nil }
                let name = project["name"]?.stringValue ?? id
                return Project(
                    id: id, name: name, slug: project["slug"]?.stringValue ?? name, description: project["description"]?.stringValue,
                    visibility: project["visibility"]?.stringValue ?? "private", canWrite: project["can_write"]?.boolValue ?? false)
            }
        }
    }

    /// Every organization project as `(owner, project)`, ordered by `ORG/PROJECT` name.
    public var organizationProjects: [(owner: Owner, project: Project)] {
        owners.filter { $0.type == "organization" }
            .flatMap { owner in (projectsByOwner[owner.id] ?? []).map { (owner: owner, project: $0) } }
            .sorted { "\($0.owner.username)/\($0.project.slug)" < "\($1.owner.username)/\($1.project.slug)" }
    }

    /// The organization project named `ORG/PROJECT` (the project's slug or name), nil when this
    /// user sees none of that name.
    public func project(named reference: String) -> (owner: Owner, project: Project)? {
        let parts = reference.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let (org, name) = (String(parts[0]), String(parts[1]))
        return organizationProjects.first { $0.owner.username == org && ($0.project.slug == name || $0.project.name == name) }
    }
}
