import ArgumentParser
import Foundation
import LineageModel
import LineageStore

/// `glaas projects`: the projects of organizations, the scopes a team publishes into.
struct ProjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects", abstract: "Create and list organizations' projects.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a project, ORG/PROJECT.")

        @Argument(help: "ORG/PROJECT, each lowercase letters, digits, '-' and '_'.")
        var path: String

        @Option(help: "What the project is for.")
        var description: String?

        @Option(help: "The name people read (default: PROJECT).")
        var name: String?

        @Option(help: "Default visibility of publications into it: private (members only) or public.")
        var visibility: Visibility = .private

        @Flag(help: "Print the result as JSON.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func validate() throws {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ Project.isValidSlug(String($0)) }) else {
                throw ValidationError("name the project ORG/PROJECT, each 1-64 of a-z, 0-9, '-' and '_'")
            }
            if let description, description.count > 1000 { throw ValidationError("--description is at most 1000 characters") }
            if let name, name.isEmpty || name.count > 200 { throw ValidationError("--name is 1-200 characters") }
        }

        func run() async throws {
            let parts = path.split(separator: "/").map(String.init)
            let database = try await StoreLocation.open(store.database).store
            guard let organization = try await database.organization(slug: parts[0]) else {
                throw CommandFailure("no organization named \(parts[0]) (create it with `glaas orgs create \(parts[0])`)")
            }
            let project = Project(
                id: UUID().uuidString.lowercased(), organizationID: organization.id, slug: parts[1], name: name ?? parts[1], description: description,
                visibility: visibility, createdAt: Date())
            do {
                try await database.addProject(project)
            } catch let error as LineageStoreError {
                throw CommandFailure(error.description)
            }
            print(
                json
                    ? CanonicalJSON.string(ProjectsCommand.json(project, org: organization))
                    : "Created project \(path) (\(project.id), \(visibility.rawValue))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List projects, of one organization or all.")

        @Argument(help: "Only this organization's.")
        var org: String?

        @Flag(help: "Print them as a JSON array.")
        var json = false

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            let database = try await StoreLocation.open(store.database).store
            var organizations = try await database.organizations()
            if let org {
                organizations = organizations.filter { $0.slug == org }
                guard !organizations.isEmpty else { throw CommandFailure("no organization named \(org)") }
            }
            var rows: [(Project, Organization)] = []
            for organization in organizations {
                rows += try await database.projects(ofOrganization: organization.id).map { ($0, organization) }
            }
            if json {
                print(CanonicalJSON.string(.array(rows.map { ProjectsCommand.json($0.0, org: $0.1) })))
                return
            }
            let width = max(16, rows.map { $0.1.slug.count + $0.0.slug.count + 1 }.max() ?? 0)
            for (project, organization) in rows {
                let path = "\(organization.slug)/\(project.slug)".padding(toLength: width, withPad: " ", startingAt: 0)
                print(
                    "\(path)  \(project.id)  \(project.visibility.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(project.description ?? "")"
                )
            }
        }
    }

    static func json(_ project: Project, org: Organization) -> JSONValue {
        [
            "id": .string(project.id), "org": .string(org.slug), "org_id": .string(org.id), "slug": .string(project.slug),
            "name": .string(project.name), "description": project.description.map(JSONValue.string) ?? .null,
            "visibility": .string(project.visibility.rawValue), "created_at": .string(project.createdAt.formatted(.iso8601)),
        ]
    }
}

extension Visibility: ExpressibleByArgument {}
