/// Who is asking. Private lineages are visible only to their owner; everything else is public.
public enum Viewer: Sendable, Hashable {
    case anonymous
    case user(id: String)

    public var userID: String? {
        if case .user(let id) = self { return id }
        return nil
    }
}

/// Who may see a publication of a lineage.
public enum Visibility: String, Sendable, Codable, Hashable {
    case `public`
    case `private`
}
