import ArgumentParser
import Foundation
import LineageModel
import LineageStore

/// `glaas orgs`: the organizations whose members share private project lineages, managed by
/// the operator (organization admins do the same over HTTP, `/api/v1/orgs/…`).
struct OrgsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs", abstract: "Create organizations and manage their members.",
        subcommands: [Create.self, List.self, AddMember.self, RemoveMember.self, Members.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organization.")

        @Argument(help: "Its name in ORG/PROJECT: lowercase letters, digits, '-' and '_' (shared with user names).")
        var org: String

        @Option(help: "The name people read (default: the organization's name).")
        var displayName: String?

        @Flag(help: "Print the result as JSON.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func validate() throws {
            guard Project.isValidSlug(org) else { throw ValidationError("an organization name is 1-64 of a-z, 0-9, '-' and '_'") }
            if let displayName, displayName.isEmpty || displayName.count > 200 { throw ValidationError("--display-name is 1-200 characters") }
        }

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            do {
                let organization = try await database.addOrganization(slug: org, displayName: displayName ?? org)
                print(json ? CanonicalJSON.string(OrgsCommand.json(organization)) : "Created organization \(org) (\(organization.id))")
            } catch let error as LineageStoreError {
                throw CommandFailure(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List organizations.")

        @Flag(help: "Print them as a JSON array.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            let organizations = try await database.organizations()
            if json {
                print(CanonicalJSON.string(.array(organizations.map(OrgsCommand.json))))
                return
            }
            let width = max(12, organizations.map(\.slug.count).max() ?? 0)
            for organization in organizations {
                let members = try await database.members(ofOrganization: organization.id).count
                let projects = try await database.projects(ofOrganization: organization.id).count
                print("\(organization.slug.padding(toLength: width, withPad: " ", startingAt: 0))  \(members) members  \(projects) projects")
            }
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-member", abstract: "Add a user to an organization, or change their role (admins manage members).")

        @Argument(help: "The organization.") var org: String
        @Argument(help: "The user's name.") var user: String
        @Option(help: "admin or member.") var role: OrganizationRole = .member
        @Flag(help: "Print the result as JSON.") var json = false
        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            let (organization, account) = try await OrgsCommand.resolve(org, user, in: database)
            try await database.setMember(organizationID: organization.id, userID: account.id, role: role)
            if json {
                print(CanonicalJSON.string(["org": .string(org), "user": .string(account.name), "role": .string(role.rawValue)]))
            } else {
                print("\(account.name) is \(role == .admin ? "an admin" : "a member") of \(org)")
            }
        }
    }

    struct RemoveMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-member", abstract: "Remove a user from an organization; their access ends at once.")

        @Argument(help: "The organization.") var org: String
        @Argument(help: "The user's name.") var user: String
        @Flag(help: "Print the result as JSON.") var json = false
        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            let (organization, account) = try await OrgsCommand.resolve(org, user, in: database)
            guard try await database.removeMember(organizationID: organization.id, userID: account.id) else {
                throw CommandFailure("\(account.name) is not a member of \(org)")
            }
            print(
                json
                    ? CanonicalJSON.string(["org": .string(org), "user": .string(account.name), "removed": true])
                    : "Removed \(account.name) from \(org)")
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an organization's members and their roles.")

        @Argument(help: "The organization.") var org: String
        @Flag(help: "Print them as a JSON array.") var json = false
        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            guard let organization = try await database.organization(slug: org) else { throw CommandFailure("no organization named \(org)") }
            var rows: [(String, OrganizationRole)] = []
            for member in try await database.members(ofOrganization: organization.id) {
                rows.append((try await database.user(id: member.userID)?.name ?? member.userID, member.role))
            }
            if json {
                print(CanonicalJSON.string(.array(rows.map { ["user": .string($0.0), "role": .string($0.1.rawValue)] })))
                return
            }
            let width = max(12, rows.map(\.0.count).max() ?? 0)
            for (name, role) in rows { print("\(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(role.rawValue)") }
        }
    }

    static func resolve(_ org: String, _ user: String, in database: any TeamDirectory & UserDirectory) async throws -> (Organization, User) {
        guard let organization = try await database.organization(slug: org) else { throw CommandFailure("no organization named \(org)") }
        guard let account = try await database.user(named: user) else { throw CommandFailure("no user named \(user)") }
        return (organization, account)
    }

    static func json(_ organization: Organization) -> JSONValue {
        [
            "id": .string(organization.id), "name": .string(organization.slug), "display_name": .string(organization.displayName),
            "created_at": .string(organization.createdAt.formatted(.iso8601)),
        ]
    }
}

extension OrganizationRole: ExpressibleByArgument {}
