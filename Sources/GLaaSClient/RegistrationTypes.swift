import LineageModel

/// An open registration session on the registry and the credential its calls carry.
public struct RegistrationSessionHandle: Sendable {
    public var id: String
    /// `anonymous_public` or `authenticated`.
    public var mode: String
    public var credential: RegistryClient.Credential
}

/// What `jobs/batch` reported: new jobs, and lineages that already hold these job uids.
public struct StagedJobs: Sendable, Equatable {
    public var created: Int
    public var existing: Int
    public var alreadyRegistered: [String]
    /// The registry bound this session to the lineage already published (a re-register).
    public var existingBindingPrepared: Bool
}

/// The finalize receipt: the lineage hash the registry computed and its page.
public struct FinalizeReceipt: Sendable, Equatable {
    public var lineageHash: String
    public var url: String?
    public var created: Bool
    public var visibility: String?
}

/// Who the registry says the signing key belongs to (`/auth/me`).
public struct RegistryIdentity: Sendable, Equatable {
    public var creatorIdentity: String
    public var userID: String?
    public var username: String?
}

/// The result of the auth probe (`GET /sessions?limit=1`, signed).
public enum ProbeResult: Sendable, Equatable {
    /// 2xx: the registry knows the key.
    case accepted
    /// 401: unknown or invalid key; go anonymous.
    case rejected(String)
    /// Anything else: cannot tell.
    case inconclusive(String)
}

/// The finalize `scope_request`: a personal publication, or one into an organization's project.
public enum PublicationScope: Sendable, Equatable {
    /// No scope: public (attributed when signed).
    case unspecified
    /// `{owner_resolution: current_user, owner_type: user, visibility}`.
    case currentUser(visibility: String)
    /// `{owner_id, owner_type: organization, project_id, visibility}`.
    case project(ownerID: String, projectID: String, visibility: String)

    /// The `scope_request` object, nil for `.unspecified`.
    public var json: JSONValue? {
        switch self {
        case .unspecified: nil
        case .currentUser(let visibility): ["owner_resolution": "current_user", "owner_type": "user", "visibility": .string(visibility)]
        case .project(let ownerID, let projectID, let visibility):
            [
                "owner_id": .string(ownerID), "owner_type": "organization", "project_id": .string(projectID),
                "visibility": .string(visibility),
            ]
        }
    }
}
