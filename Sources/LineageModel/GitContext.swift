/// The code a lineage was made from: repository URL, commit and branch.
public struct GitContext: Hashable, Sendable {
    public var repo: String?
    public var commit: String?
    public var branch: String?

    public init(repo: String?, commit: String?, branch: String?) {
        self.repo = repo
        self.commit = commit
        self.branch = branch
    }
}
