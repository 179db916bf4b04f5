import LineageModel
import LineageStore

/// Who a signed-in user is and where they may publish, as roar-cli reads it for `roar whoami`,
/// `roar projects list` and `roar scope`: the user, the owners they publish for (themselves and
/// their organizations) and each owner's projects.
enum AccessContext {
    static func json(for user: User, in store: any TeamDirectory) async throws -> JSONValue {
        var owners: [JSONValue] = [
            ["id": .string(user.id), "type": "user", "username": .string(user.name), "display_name": .string(user.name)]
        ]
        var projects: [String: JSONValue] = [user.id: []]
        for (organization, role) in try await store.memberships(ofUser: user.id) {
            owners.append([
                "id": .string(organization.id), "type": "organization", "username": .string(organization.slug),
                "display_name": .string(organization.displayName), "role": .string(role.rawValue),
            ])
            projects[organization.id] = .array(
                try await store.projects(ofOrganization: organization.id).map { project in
                    [
                        "id": .string(project.id), "name": .string(project.name), "slug": .string(project.slug),
                        "description": project.description.map(JSONValue.string) ?? .null, "visibility": .string(project.visibility.rawValue),
                        "can_write": true,
                    ]
                })
        }
        return [
            "user": [
                "id": .string(user.id), "sub": .string(user.creatorIdentity), "email": user.email.map(JSONValue.string) ?? .null,
                "username": .string(user.name),
            ],
            "owners": .array(owners),
            "projects_by_owner": .object(projects),
        ]
    }
}
