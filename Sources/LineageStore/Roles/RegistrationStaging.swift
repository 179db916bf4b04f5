import LineageModel

/// The staging area of a publication (a v1 registration session): jobs, artifacts and links
/// arrive in several requests and stay invisible until `LineagePublishing.publish` turns them
/// into a lineage. Whether a session is open, and whose it is, is `RegistrationSessionRules`.
public protocol RegistrationStaging: Sendable {
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
}
