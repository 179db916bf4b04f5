import Foundation
import GRDB
import LineageModel
import LineageStore

/// Organizations, members and projects (`TeamDirectory`).
extension SQLiteStore {
    public func addOrganization(id: String?, slug: String, displayName: String) async throws -> Organization {
        let organization = Organization(id: id ?? UUID().uuidString.lowercased(), slug: slug, displayName: displayName, createdAt: clock.now)
        try await write { db in
            let taken = try db.cachedValue(
                Bool.self, sql: "SELECT 1 FROM organizations WHERE slug = ? OR id = ? UNION ALL SELECT 1 FROM users WHERE name = ?",
                arguments: [slug, organization.id, slug])
            if taken == true { throw LineageStoreError.conflict("the name \"\(slug)\" is taken by an organization or a user") }
            try db.execute(
                sql: "INSERT INTO organizations (id, slug, display_name, created_at) VALUES (?, ?, ?, ?)",
                arguments: [organization.id, slug, displayName, organization.createdAt.timeIntervalSince1970])
        }
        return organization
    }

    public func organization(slug: String) async throws -> Organization? {
        try await read { db in try db.cachedRow(sql: "SELECT * FROM organizations WHERE slug = ?", arguments: [slug]).map(Self.organization) }
    }

    public func organization(id: String) async throws -> Organization? {
        try await read { db in try db.cachedRow(sql: "SELECT * FROM organizations WHERE id = ?", arguments: [id]).map(Self.organization) }
    }

    public func organizations() async throws -> [Organization] {
        try await read { db in try db.cachedRows(sql: "SELECT * FROM organizations ORDER BY slug").map(Self.organization) }
    }

    public func setMember(organizationID: String, userID: String, role: OrganizationRole) async throws {
        let now = self.now
        try await write { db in
            guard try db.cachedValue(Bool.self, sql: "SELECT 1 FROM organizations WHERE id = ?", arguments: [organizationID]) == true else {
                throw LineageStoreError.notFound("no organization with id \(organizationID)")
            }
            guard try db.cachedValue(Bool.self, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [userID]) == true else {
                throw LineageStoreError.notFound("no user with id \(userID)")
            }
            try db.execute(
                sql: """
                    INSERT INTO organization_members (organization_id, user_id, role, added_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role
                    """,
                arguments: [organizationID, userID, role.rawValue, now])
        }
    }

    public func removeMember(organizationID: String, userID: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM organization_members WHERE organization_id = ? AND user_id = ?", arguments: [organizationID, userID])
            return db.changesCount > 0
        }
    }

    public func members(ofOrganization organizationID: String) async throws -> [OrganizationMember] {
        try await read { db in
            try db.cachedRows(
                sql: """
                    SELECT m.* FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? ORDER BY u.name
                    """,
                arguments: [organizationID]
            ).map(Self.member)
        }
    }

    public func memberships(ofUser userID: String) async throws -> [(Organization, OrganizationRole)] {
        try await readNow { db in
            try db.cachedRows(
                sql: """
                    SELECT o.*, m.role FROM organization_members m JOIN organizations o ON o.id = m.organization_id
                    WHERE m.user_id = ? ORDER BY o.slug
                    """,
                arguments: [userID]
            ).map { (Self.organization($0), OrganizationRole(rawValue: $0["role"]) ?? .member) }
        }
    }

    public func addProject(_ project: Project) async throws {
        try await write { db in
            guard try db.cachedValue(Bool.self, sql: "SELECT 1 FROM organizations WHERE id = ?", arguments: [project.organizationID]) == true else {
                throw LineageStoreError.notFound("no organization with id \(project.organizationID)")
            }
            let taken = try db.cachedValue(
                Bool.self, sql: "SELECT 1 FROM projects WHERE (organization_id = ? AND slug = ?) OR id = ?",
                arguments: [project.organizationID, project.slug, project.id])
            if taken == true { throw LineageStoreError.conflict("the organization already has a project named \"\(project.slug)\"") }
            try db.execute(
                sql: """
                    INSERT INTO projects (id, organization_id, slug, name, description, visibility, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    project.id, project.organizationID, project.slug, project.name, project.description, project.visibility.rawValue,
                    project.createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func project(id: String) async throws -> Project? {
        try await readNow { db in try db.cachedRow(sql: "SELECT * FROM projects WHERE id = ?", arguments: [id]).map(Self.project) }
    }

    public func projects(ofOrganization organizationID: String) async throws -> [Project] {
        try await readNow { db in
            try db.cachedRows(sql: "SELECT * FROM projects WHERE organization_id = ? ORDER BY slug", arguments: [organizationID]).map(Self.project)
        }
    }

    static func organization(_ row: Row) -> Organization {
        Organization(id: row["id"], slug: row["slug"], displayName: row["display_name"], createdAt: date(row["created_at"]))
    }

    static func member(_ row: Row) -> OrganizationMember {
        OrganizationMember(
            organizationID: row["organization_id"], userID: row["user_id"], role: OrganizationRole(rawValue: row["role"]) ?? .member,
            addedAt: date(row["added_at"]))
    }

    static func project(_ row: Row) -> Project {
        Project(
            id: row["id"], organizationID: row["organization_id"], slug: row["slug"], name: row["name"], description: row["description"],
            visibility: Visibility(rawValue: row["visibility"]) ?? .private, createdAt: date(row["created_at"]))
    }
}
