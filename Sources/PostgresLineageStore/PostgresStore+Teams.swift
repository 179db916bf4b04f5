import Foundation
import LineageModel
import LineageStore
import PostgresNIO

/// Organizations, members and projects (`TeamDirectory`).
extension PostgresStore {
    static let projectColumns = "id, organization_id, slug, name, description, visibility, created_at"

    public func addOrganization(id: String?, slug: String, displayName: String) async throws -> Organization {
        let organization = Organization(id: id ?? UUID().uuidString.lowercased(), slug: slug, displayName: displayName, createdAt: clock.now)
        try await write { connection in
            // Users and organizations share one namespace: a lock keeps two creations from racing.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended('glaas-owner-names', 0))", logger: self.logger)
            let taken = try await connection.query(
                "SELECT 1 FROM organizations WHERE slug = \(slug) OR id = \(organization.id) UNION ALL SELECT 1 FROM users WHERE name = \(slug)",
                logger: self.logger
            ).collect()
            guard taken.isEmpty else { throw LineageStoreError.conflict("the name \"\(slug)\" is taken by an organization or a user") }
            try await connection.query(
                """
                INSERT INTO organizations (id, slug, display_name, created_at)
                VALUES (\(organization.id), \(slug), \(displayName), \(organization.createdAt.timeIntervalSince1970))
                """,
                logger: self.logger)
        }
        return organization
    }

    public func organization(slug: String) async throws -> Organization? {
        try await read { connection in
            try await connection.query("SELECT id, slug, display_name, created_at FROM organizations WHERE slug = \(slug)", logger: self.logger)
                .collect().first.map(Self.organization)
        }
    }

    public func organization(id: String) async throws -> Organization? {
        try await read { connection in
            try await connection.query("SELECT id, slug, display_name, created_at FROM organizations WHERE id = \(id)", logger: self.logger)
                .collect().first.map(Self.organization)
        }
    }

    public func organizations() async throws -> [Organization] {
        try await read { connection in
            try await connection.query("SELECT id, slug, display_name, created_at FROM organizations ORDER BY slug", logger: self.logger)
                .collect().map(Self.organization)
        }
    }

    public func setMember(organizationID: String, userID: String, role: OrganizationRole) async throws {
        let now = self.now
        try await write { connection in
            guard try await !connection.query("SELECT 1 FROM organizations WHERE id = \(organizationID)", logger: self.logger).collect().isEmpty
            else { throw LineageStoreError.notFound("no organization with id \(organizationID)") }
            guard try await !connection.query("SELECT 1 FROM users WHERE id = \(userID)", logger: self.logger).collect().isEmpty else {
                throw LineageStoreError.notFound("no user with id \(userID)")
            }
            try await connection.query(
                """
                INSERT INTO organization_members (organization_id, user_id, role, added_at) VALUES (\(organizationID), \(userID), \(role.rawValue), \(now))
                ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role
                """,
                logger: self.logger)
        }
    }

    public func removeMember(organizationID: String, userID: String) async throws -> Bool {
        try await write { connection in
            try await !connection.query(
                "DELETE FROM organization_members WHERE organization_id = \(organizationID) AND user_id = \(userID) RETURNING 1", logger: self.logger
            ).collect().isEmpty
        }
    }

    public func members(ofOrganization organizationID: String) async throws -> [OrganizationMember] {
        try await read { connection in
            try await connection.query(
                """
                SELECT m.organization_id, m.user_id, m.role, m.added_at FROM organization_members m JOIN users u ON u.id = m.user_id
                WHERE m.organization_id = \(organizationID) ORDER BY u.name
                """,
                logger: self.logger
            ).collect().map { row in
                let (organization, user, role, added) = try row.decode((String, String, String, Double).self)
                return OrganizationMember(
                    organizationID: organization, userID: user, role: OrganizationRole(rawValue: role) ?? .member,
                    addedAt: Date(timeIntervalSince1970: added))
            }
        }
    }

    public func memberships(ofUser userID: String) async throws -> [(Organization, OrganizationRole)] {
        try await read { connection in
            try await connection.query(
                """
                SELECT o.id, o.slug, o.display_name, o.created_at, m.role FROM organization_members m JOIN organizations o ON o.id = m.organization_id
                WHERE m.user_id = \(userID) ORDER BY o.slug
                """,
                logger: self.logger
            ).collect().map { row in
                let (id, slug, name, created, role) = try row.decode((String, String, String, Double, String).self)
                return (
                    Organization(id: id, slug: slug, displayName: name, createdAt: Date(timeIntervalSince1970: created)),
                    OrganizationRole(rawValue: role) ?? .member
                )
            }
        }
    }

    public func addProject(_ project: Project) async throws {
        try await write { connection in
            guard
                try await !connection.query("SELECT 1 FROM organizations WHERE id = \(project.organizationID) FOR UPDATE", logger: self.logger)
                    .collect().isEmpty
            else { throw LineageStoreError.notFound("no organization with id \(project.organizationID)") }
            let taken = try await connection.query(
                "SELECT 1 FROM projects WHERE (organization_id = \(project.organizationID) AND slug = \(project.slug)) OR id = \(project.id)",
                logger: self.logger
            ).collect()
            guard taken.isEmpty else { throw LineageStoreError.conflict("the organization already has a project named \"\(project.slug)\"") }
            try await connection.query(
                """
                INSERT INTO projects (id, organization_id, slug, name, description, visibility, created_at)
                VALUES (\(project.id), \(project.organizationID), \(project.slug), \(project.name), \(project.description),
                        \(project.visibility.rawValue), \(project.createdAt.timeIntervalSince1970))
                """,
                logger: self.logger)
        }
    }

    public func project(id: String) async throws -> Project? {
        try await read { connection in
            try await connection.query("SELECT \(unescaped: Self.projectColumns) FROM projects WHERE id = \(id)", logger: self.logger)
                .collect().first.map(Self.project)
        }
    }

    public func projects(ofOrganization organizationID: String) async throws -> [Project] {
        try await read { connection in
            try await connection.query(
                "SELECT \(unescaped: Self.projectColumns) FROM projects WHERE organization_id = \(organizationID) ORDER BY slug", logger: self.logger
            ).collect().map(Self.project)
        }
    }

    static func organization(_ row: PostgresRow) throws -> Organization {
        let (id, slug, name, created) = try row.decode((String, String, String, Double).self)
        return Organization(id: id, slug: slug, displayName: name, createdAt: Date(timeIntervalSince1970: created))
    }

    static func project(_ row: PostgresRow) throws -> Project {
        let (id, organization, slug, name, description, visibility, created) = try row.decode(
            (String, String, String, String, String?, String, Double).self)
        return Project(
            id: id, organizationID: organization, slug: slug, name: name, description: description,
            visibility: Visibility(rawValue: visibility) ?? .private, createdAt: Date(timeIntervalSince1970: created))
    }
}
