import Foundation
import GLaaSClient

/// Where `roar register` publishes in this project (`roar scope use`), kept in
/// `.roar/config.json` under `scope`: anonymously, to the user's own account (private or
/// public), or into an organization's project, resolved once to the registry's ids.
public enum PublishScope: Codable, Sendable, Equatable {
    /// Anonymous and public: no credential is used.
    case anonymous
    /// The signed-in user's own account, private.
    case `private`
    /// The signed-in user's own account, public and attributed.
    case `public`
    /// An organization's project.
    case project(Project)

    /// An organization project as `roar scope use ORG/PROJECT` resolved it.
    public struct Project: Codable, Sendable, Equatable {
        /// `ORG/PROJECT` as the user named it.
        public var name: String
        /// The registry whose ids these are.
        public var registry: String
        public var ownerID: String
        public var projectID: String
        /// The project's visibility: what is published into it gets the same.
        public var visibility: String

        public init(name: String, registry: String, ownerID: String, projectID: String, visibility: String) {
            self.name = name
            self.registry = registry
            self.ownerID = ownerID
            self.projectID = projectID
            self.visibility = visibility
        }

        enum CodingKeys: String, CodingKey {
            case name, registry, visibility
            case ownerID = "owner_id"
            case projectID = "project_id"
        }
    }

    /// The three scopes that need no lookup, by the name `roar scope use` takes.
    public static func named(_ name: String) -> PublishScope? {
        switch name {
        case "anonymous": .anonymous
        case "private": .private
        case "public": .public
        default: nil
        }
    }

    /// `anonymous`, `private`, `public` or `ORG/PROJECT`.
    public var name: String {
        switch self {
        case .anonymous: "anonymous"
        case .private: "private"
        case .public: "public"
        case .project(let project): project.name
        }
    }

    /// Whether publishing in this scope needs a credential (a login or an accepted SSH key).
    public var needsCredential: Bool { self != .anonymous }

    /// The visibility of what is published in this scope.
    public var visibility: String {
        switch self {
        case .anonymous, .public: "public"
        case .private: "private"
        case .project(let project): project.visibility
        }
    }

    /// The finalize `scope_request`.
    public var publication: PublicationScope {
        switch self {
        case .anonymous: .unspecified
        case .private: .currentUser(visibility: "private")
        case .public: .currentUser(visibility: "public")
        case .project(let project): .project(ownerID: project.ownerID, projectID: project.projectID, visibility: project.visibility)
        }
    }

    enum CodingKeys: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .kind)
        if kind == "project" {
            self = .project(try Project(from: decoder))
        } else if let scope = Self.named(kind) {
            self = scope
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown scope kind \(kind)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .project(let project):
            try container.encode("project", forKey: .kind)
            try project.encode(to: encoder)
        default: try container.encode(name, forKey: .kind)
        }
    }
}
