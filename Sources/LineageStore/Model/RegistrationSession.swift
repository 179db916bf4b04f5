import Foundation

/// The server-side staging area of one publication (v1 "registration session"): jobs,
/// artifacts and links are staged, then `finalize` turns them into a lineage in one transaction.
public struct RegistrationSession: Sendable, Hashable {
    public enum Mode: String, Sendable, Codable {
        /// Anyone may publish publicly; the session is authorized by its own token.
        case anonymousPublic = "anonymous_public"
        /// Publishing as a signed-in user.
        case authenticated
    }

    public enum Status: String, Sendable, Codable {
        case open, closed
    }

    public var id: String
    public var mode: Mode
    /// SHA-256 hex of the session token (anonymous mode); the token itself is never stored.
    public var tokenHash: String?
    public var ownerUserID: String?
    public var creatorIdentity: String
    public var clientSessionID: String?
    public var status: Status
    public var createdAt: Date
    public var expiresAt: Date
    /// The lineage that every staged job already belongs to, when the jobs were all published
    /// before by the same creator (a re-register).
    public var boundLineageHash: String?
    public var receipt: FinalizeReceipt?

    public init(
        id: String, mode: Mode, tokenHash: String?, ownerUserID: String?, creatorIdentity: String,
        clientSessionID: String?, status: Status, createdAt: Date, expiresAt: Date,
        boundLineageHash: String? = nil, receipt: FinalizeReceipt? = nil
    ) {
        self.id = id
        self.mode = mode
        self.tokenHash = tokenHash
        self.ownerUserID = ownerUserID
        self.creatorIdentity = creatorIdentity
        self.clientSessionID = clientSessionID
        self.status = status
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.boundLineageHash = boundLineageHash
        self.receipt = receipt
    }
}

/// What `finalize` answered; kept so that a repeated finalize answers the same.
public struct FinalizeReceipt: Sendable, Hashable, Codable {
    public var lineageHash: String
    /// False when the lineage already existed (a re-register, or the same content again).
    public var created: Bool
    public var visibility: Visibility
    public var jobs: Int
    public var inputs: Int
    public var outputs: Int

    public init(lineageHash: String, created: Bool, visibility: Visibility, jobs: Int, inputs: Int, outputs: Int) {
        self.lineageHash = lineageHash
        self.created = created
        self.visibility = visibility
        self.jobs = jobs
        self.inputs = inputs
        self.outputs = outputs
    }
}

extension FinalizeReceipt {
    /// The receipt of publishing `publication`: its hash and visibility, and the edges the
    /// client counts for `expected` (distinct content hashes per job).
    public init(_ publication: LineagePublication, created: Bool) {
        let counts = publication.edgeCounts
        self.init(
            lineageHash: publication.hash, created: created, visibility: publication.visibility,
            jobs: counts.jobs, inputs: counts.inputs, outputs: counts.outputs)
    }
}
