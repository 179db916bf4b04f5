import Foundation
import LineageModel

/// The registry's storage, in domain terms. SQLite (`SQLiteLineageStore`) is the embedded
/// default; a PostgreSQL store implements the same protocol and passes the same test suite.
/// Every method is atomic: a call either happens entirely or changes nothing.
public protocol LineageStore: Sendable {
    // MARK: Users

    /// Adds a user; `id` defaults to a new UUID (given when importing an account).
    func addUser(id: String?, name: String, email: String?) async throws -> User
    func user(id: String) async throws -> User?
    func users() async throws -> [User]
    func user(named name: String) async throws -> User?
    func addKey(_ key: UserKey) async throws
    func keys(ofUser userID: String) async throws -> [UserKey]
    /// The user a key fingerprint (`SHA256:…`) belongs to, with the key.
    func user(keyFingerprint: String) async throws -> (User, UserKey)?
    /// Records a signature as used; false when it was already seen (a replay).
    func recordSignatureUse(_ signatureHash: String, expiresAt: Date) async throws -> Bool

    // MARK: Registration sessions

    /// Creates a session, or returns the one already created with the same `clientSessionID`.
    func createRegistrationSession(_ session: RegistrationSession) async throws -> RegistrationSession
    func registrationSession(id: String) async throws -> RegistrationSession?
    /// Stages jobs (links come separately); reports per job whether it is new to the session
    /// or already published by the session's creator.
    func stageJobs(_ jobs: [Job], in sessionID: String) async throws -> [JobStagingResult]
    /// Stages artifact facts; returns how many were new to the session and how many restaged.
    func stageArtifacts(_ artifacts: [Artifact], in sessionID: String) async throws -> (created: Int, updated: Int)
    /// Stages a composite; returns whether it was new to the session.
    func stageComposite(_ composite: Composite, in sessionID: String) async throws -> Bool
    /// Stages edges of a staged job; duplicate content hashes keep the smallest path.
    func stageLinks(_ refs: [ArtifactRef], direction: EdgeDirection, jobUID: String, in sessionID: String) async throws -> Int
    func stageViewEdges(_ edges: [ViewEdge], jobUID: String, in sessionID: String) async throws
    func stagedLineage(sessionID: String) async throws -> StagedLineage
    /// Whether a job uid is staged in the session.
    func isStaged(jobUID: String, in sessionID: String) async throws -> Bool

    /// Publishes a lineage (or records another publication of an existing one) and closes the
    /// session with the receipt, all in one transaction. When another finalize closed the
    /// session first, nothing is written and that finalize's receipt is returned.
    func publish(_ publication: LineagePublication, closing sessionID: String?) async throws -> PublishResult
    /// Closes a re-register session onto the lineage its jobs already belong to, recording the
    /// publication (visibility, owner) when it is new.
    func bind(sessionID: String, toLineage hash: String, visibility: Visibility, ownerUserID: String?) async throws -> PublishResult

    // MARK: Reads (always through the viewer's eyes)

    /// Artifacts with any digest starting with `prefix`, at most `limit`.
    func artifacts(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [ArtifactInfo]
    func lineage(hash: String, visibleTo viewer: Viewer) async throws -> LineageInfo?
    /// Lineages with a hash starting with `prefix` (8+ hex characters).
    func lineages(matching prefix: DigestPrefix, visibleTo viewer: Viewer, limit: Int) async throws -> [LineageInfo]
    func recentLineages(visibleTo viewer: Viewer, limit: Int) async throws -> (lineages: [LineageInfo], total: Int)
    func jobs(inLineage hash: String) async throws -> [PublishedJob]
    /// Jobs in visible lineages that wrote (`.output`) or read (`.input`) the artifact, newest
    /// first (so the latest recipe of an artifact is the one reproduced).
    func jobs(touching artifactHash: String, direction: EdgeDirection, visibleTo viewer: Viewer, limit: Int) async throws -> [PublishedJob]
    /// The jobs of one lineage that the artifact depends on, walking producers upstream,
    /// in execution order.
    func upstreamJobs(of artifactHash: String, inLineage hash: String) async throws -> [PublishedJob]
    func components(ofComposite artifactHash: String) async throws -> [Composite.Component]
    /// Whether the viewer owns a publication of the lineage (may edit its labels).
    func isOwner(_ viewer: Viewer, ofLineage hash: String) async throws -> Bool
    /// The uid under which a lineage stores the job that `uid` names (itself, or the job it is
    /// an alias of); nil when the lineage has no such job.
    func resolveJobUID(_ uid: String, inLineage hash: String) async throws -> String?
    /// Whether a lineage mentions the artifact (as an edge, or as a described artifact).
    func containsArtifact(_ artifactHash: String, inLineage hash: String) async throws -> Bool
    /// Lineages (visible to the viewer) that contain the artifact.
    func lineageHashes(containing artifactHash: String, visibleTo viewer: Viewer, limit: Int) async throws -> [String]

    // MARK: Query API (`/api/graph/v1`; types in Query/), always through the viewer's eyes

    /// Artifacts of visible lineages matching every criterion of `search`, by ascending id.
    func searchArtifacts(_ search: ArtifactSearch, visibleTo viewer: Viewer) async throws -> IDPage<ArtifactSummary>
    /// Jobs of visible lineages matching every criterion of `search`, by ascending id.
    func searchJobs(_ search: JobSearch, visibleTo viewer: Viewer) async throws -> IDPage<PublishedJob>
    /// One job of a visible lineage, named by its uid there or by an alias of it.
    func job(lineageHash: String, jobUID: String, visibleTo viewer: Viewer) async throws -> PublishedJob?
    /// A bounded walk up or down the graph across lineages (see `GraphWalker`); nil when the
    /// start does not exist for the viewer.
    func walk(_ request: GraphWalkRequest, visibleTo viewer: Viewer) async throws -> GraphWalkResult?
    /// The artifacts downstream of an artifact that no visible job reads (the leaves of what
    /// was made from it), by ascending id; nil when the artifact does not exist for the viewer.
    func terminalDescendants(of artifactHash: String, visibleTo viewer: Viewer, afterID: Int64?, limit: Int) async throws -> IDPage<ArtifactSummary>?

    // MARK: Export and import (whole lineages, whatever their visibility: for operators)

    /// Hashes of every stored lineage greater than `after` (nil: from the start), in ascending
    /// order, at most `limit`: page through the registry with the last hash of each page.
    func lineageHashes(after: String?, limit: Int) async throws -> [String]
    /// One lineage fully, as `glaas export` writes it (normalized order); nil when not stored.
    func lineageRecord(hash: String) async throws -> LineageRecord?
    /// Stores an exported lineage, its publications and label history in one transaction.
    /// Throws `LineageStoreError.invalid` (and writes nothing) when the record's content does
    /// not hash to its recorded hash; answers `.existing` (writing nothing) when the hash is stored.
    func importLineage(_ record: LineageRecord) async throws -> LineageImportResult

    // MARK: Labels

    func currentLabel(_ target: LabelTarget) async throws -> LabelVersion?
    func labelHistory(_ target: LabelTarget) async throws -> [LabelVersion]
    /// Applies changes atomically: when any reconcile's base version is stale, nothing is
    /// written and `LineageStoreError.labelConflict` lists the stale targets.
    func applyLabelChanges(_ changes: [LabelChange], actor: String, dryRun: Bool) async throws -> [LabelChangeResult]
}

/// Operations for operators, tests and benchmarks, not for serving requests.
public protocol StoreMaintenance: Sendable {
    /// Names of the applied schema migrations, in order.
    func appliedMigrations() async throws -> [String]
    func count(table: String) async throws -> Int
    /// Runs raw SQL (the database enforces append-only history whatever is sent here).
    func execute(sql: String) async throws
}

extension LineageStore {
    public func addUser(name: String, email: String?) async throws -> User {
        try await addUser(id: nil, name: name, email: email)
    }
}

/// Failures a caller can act on; anything else is a bug or an unavailable database.
public enum LineageStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)
    case labelConflict([LabelTarget])
    case invalid(String)
    /// The database cannot be reached or failed for now; the caller may retry.
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let message), .conflict(let message), .invalid(let message), .unavailable(let message): message
        case .labelConflict(let targets): "label documents changed since they were read: \(targets.map(\.key).joined(separator: ", "))"
        }
    }
}
