/// A published set of jobs, named by its canonical lineage hash (a "session" or "DAG" in the v1
/// protocol). Immutable once published: the same content by the same creator is the same lineage.
public struct Lineage: Hashable, Sendable {
    public var git: GitContext
    /// Who published it, as it enters the hash: `anonymous`, `glaas:user:<id>`, ...
    public var creatorIdentity: String
    public var jobs: [Job]

    public init(git: GitContext, creatorIdentity: String, jobs: [Job]) {
        self.git = git
        self.creatorIdentity = creatorIdentity
        self.jobs = jobs
    }

    /// The lineage hash: SHA-256 of the canonical payload, exactly as roar-cli computes it.
    public var canonicalHash: String { LineageHasher.hash(of: self) }
}
