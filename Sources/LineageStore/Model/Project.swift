import Foundation

/// A project of an organization: the scope a team publishes into. A lineage published private
/// to a project is visible to the organization's members only, for as long as they are members.
public struct Project: Sendable, Hashable, Codable {
    public var id: String
    public var organizationID: String
    /// The name in `ORG/PROJECT`.
    public var slug: String
    public var name: String
    public var description: String?
    /// The default visibility of publications into it (what roar-cli's scope list shows).
    public var visibility: Visibility
    public var createdAt: Date

    public init(
        id: String, organizationID: String, slug: String, name: String, description: String?, visibility: Visibility, createdAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.slug = slug
        self.name = name
        self.description = description
        self.visibility = visibility
        self.createdAt = createdAt
    }

    /// Whether `text` may name an organization or a project: 1-64 of `a-z 0-9 - _`, starting
    /// with a letter or digit.
    public static func isValidSlug(_ text: String) -> Bool {
        guard (1...64).contains(text.utf8.count), let first = text.utf8.first, Self.isAlphanumeric(first) else { return false }
        return text.utf8.allSatisfy { Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }
}
