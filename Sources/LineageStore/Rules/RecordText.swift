import LineageModel

/// Text both stores hold alike: no NUL character anywhere. PostgreSQL's text refuses a NUL and
/// its jsonb refuses the escape `\u0000`, while SQLite keeps both; so a NUL in a record, or in a
/// label document (which PostgreSQL reads as jsonb to search it), is refused where the record
/// enters, on both stores, instead of failing PostgreSQL's finalize, its import or every later
/// label search. `RecordRanges.check` runs these checks too. URLs (a source URL, a lineage's git
/// repository, an edge's path) must not carry a password either.
public enum RecordText {
    /// Checks a job's text and its edges' paths and hashes.
    public static func check(_ job: Job) throws(LineageStoreError) {
        let fields: [(String, String?)] = [
            ("job_uid", job.jobUID), ("command", job.command), ("git_commit", job.gitCommit), ("git_branch", job.gitBranch),
            ("job_type", job.jobType), ("parent_job_uid", job.parentJobUID), ("metadata", job.metadata),
        ]
        for (name, text) in fields { try require(text, "job \(job.jobUID.debugDescription): \(name)") }
        for ref in job.inputs + job.outputs { try check(ref, ofJob: job.jobUID) }
    }

    /// Checks an edge's hash and path; a path that is a URL (a remote input) must not carry a
    /// password any more than a source URL may.
    public static func check(_ ref: ArtifactRef, ofJob uid: String) throws(LineageStoreError) {
        try require(ref.hash, "job \(uid.debugDescription): an edge's hash")
        try require(ref.path, "job \(uid.debugDescription): the path of \(ref.hash.debugDescription)")
        try requireNoPassword(ref.path, "job \(uid.debugDescription): the path of \(ref.hash.debugDescription)")
    }

    /// Checks an artifact's digests, source and metadata.
    public static func check(_ artifact: Artifact) throws(LineageStoreError) {
        for digest in artifact.digests { try require(digest.algorithm + digest.hex, "artifact \(artifact.hash.debugDescription): a digest") }
        for (name, text) in [("source_type", artifact.sourceType), ("source_url", artifact.sourceURL), ("metadata", artifact.metadata)] {
            try require(text, "artifact \(artifact.hash): \(name)")
        }
        try requireNoPassword(artifact.sourceURL, "artifact \(artifact.hash): source_url")
    }

    /// Checks a dataset's membership index and its components.
    public static func check(_ composite: Composite) throws(LineageStoreError) {
        let hash = composite.artifact.hash
        try require(composite.membershipIndex, "dataset \(hash): membership_index")
        for component in composite.components {
            for text in [component.relativePath, component.leafKind, component.algorithm, component.digest, component.type] {
                try require(text, "dataset \(hash): a component")
            }
        }
    }

    /// Checks a view edge's relation, target and bloom filter.
    public static func check(_ edge: ViewEdge) throws(LineageStoreError) {
        for text in [edge.relation, edge.targetHash, edge.bloom] { try require(text, "a view edge of \(edge.targetHash.debugDescription)") }
    }

    /// Checks a lineage's git context and creator.
    public static func check(_ lineage: Lineage) throws(LineageStoreError) {
        for (name, text) in [("git_repo", lineage.git.repo), ("git_commit", lineage.git.commit), ("git_branch", lineage.git.branch)] {
            try require(text, "the lineage's \(name)")
        }
        try requireNoPassword(lineage.git.repo, "the lineage's git_repo")
        try require(lineage.creatorIdentity, "the lineage's creator")
    }

    /// Checks a label document's keys and strings, however deep.
    public static func check(_ document: LabelDocument) throws(LineageStoreError) {
        guard !containsNUL(.object(document.root)) else { throw .invalid("a label document contains a NUL character") }
    }

    /// Whether a JSON value holds a NUL in a key or a string, however deep.
    public static func containsNUL(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.utf8.contains(0)
        case .array(let items): items.contains(where: containsNUL)
        case .object(let members): members.contains { $0.key.utf8.contains(0) || containsNUL($0.value) }
        default: false
        }
    }

    /// A URL with a password (`https://user:token@host/…`) would publish the credential to every
    /// reader: refused, on every route and on import (roar removes credentials before sending).
    static func requireNoPassword(_ url: String?, _ what: @autoclosure () -> String) throws(LineageStoreError) {
        guard let url, URLCredentials.hasPassword(url) else { return }
        throw .invalid("\(what()) carries a password; publish the URL without credentials")
    }

    static func require(_ text: String?, _ what: @autoclosure () -> String) throws(LineageStoreError) {
        guard let text, text.utf8.contains(0) else { return }
        throw .invalid("\(what()) contains a NUL character")
    }
}
