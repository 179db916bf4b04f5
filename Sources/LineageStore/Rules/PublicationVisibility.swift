/// Who may see a lineage: a lineage is visible through its publications, a public one to
/// everyone, a private one to its owner, and one private to a project to the members of the
/// project's organization (while they are members; its publisher sees it as a member too). The stores' SQL predicates (one per dialect,
/// `SQLiteStore.visible` and `PostgresStore.visible`) say the same for queries; this is the rule
/// for publications already read.
public enum PublicationVisibility {
    /// Whether a viewer who is a member of the projects `memberProjects` may see a lineage
    /// published this way.
    public static func isVisible(_ publications: [PublicationRecord], to viewer: Viewer, memberProjects: Set<String> = []) -> Bool {
        publications.contains { publication in
            if publication.visibility == .public { return true }
            if let project = publication.projectID { return memberProjects.contains(project) }
            return publication.ownerUserID != nil && publication.ownerUserID == viewer.userID
        }
    }

    /// The lineage's visibility as listed: public when any publication is.
    public static func visibility(of publications: [PublicationRecord]) -> Visibility {
        publications.contains { $0.visibility == .public } ? .public : .private
    }

    /// Whether publishing a lineage again with this visibility, owner and project adds a
    /// publication: a lineage has at most one per (visibility, owner, project).
    public static func isNew(_ visibility: Visibility, owner: String?, project: String? = nil, among publications: [PublicationRecord]) -> Bool {
        !publications.contains { $0.visibility == visibility && $0.ownerUserID == owner && $0.projectID == project }
    }

    /// The visibility a registration publishes with. A registration that asked for none gets the
    /// default (public) unless its owner already published the same lineage privately: a repeat
    /// never widens visibility by accident. Only a request that names `public` makes a private
    /// lineage public, and then as a new publication record, so the history says who made it
    /// visible and when.
    public static func forRegistration(requested: Visibility?, existing: Visibility?) -> Visibility {
        if let requested { return requested }
        return existing == .private ? .private : .public
    }

    /// The user a lineage is attributed to (publications in the order they were made): the
    /// viewer when they own one, else the owner of the first public one that has an owner.
    public static func attributedOwner(_ publications: [PublicationRecord], viewer: Viewer) -> String? {
        if let me = viewer.userID, publications.contains(where: { $0.ownerUserID == me }) { return me }
        return publications.first { $0.visibility == .public && $0.ownerUserID != nil }?.ownerUserID
    }
}
