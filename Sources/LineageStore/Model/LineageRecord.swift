import Foundation
import LineageModel

/// Everything a store keeps about one published lineage, as `glaas export` writes it and
/// `glaas import` reads it back: the content the lineage hash covers (git, creator, jobs with
/// their edges), what its publishers said about its artifacts, who may see it, and the version
/// history of the labels on it, its jobs and its artifacts.
public struct LineageRecord: Sendable, Hashable {
    /// The canonical lineage hash as the exporting store recorded it.
    public var hash: String
    /// The content the hash covers: git, creator and jobs with their edges.
    public var lineage: Lineage
    /// When the exporting registry first published it.
    public var createdAt: Date
    /// Every artifact the lineage mentions, with this lineage's facts (source, metadata).
    public var artifacts: [Artifact]
    /// The datasets among them, with their components.
    public var composites: [Composite]
    /// Bloom-selected subsets of composites that jobs read or wrote, by job uid.
    public var viewEdges: [String: [ViewEdge]]
    /// Who may see the lineage (a lineage may be published more than once).
    public var publications: [PublicationRecord]
    /// Every version of the label documents on the lineage (`dag`), its jobs and its artifacts.
    public var labels: [LabelVersion]

    /// A record; the hash is taken as given (see `verifiedPublication`).
    public init(
        hash: String, lineage: Lineage, createdAt: Date, artifacts: [Artifact], composites: [Composite] = [],
        viewEdges: [String: [ViewEdge]] = [:], publications: [PublicationRecord], labels: [LabelVersion]
    ) {
        self.hash = hash
        self.lineage = lineage
        self.createdAt = createdAt
        self.artifacts = artifacts
        self.composites = composites
        self.viewEdges = viewEdges
        self.publications = publications
        self.labels = labels
    }

    /// The same record in one order whatever store it was read from: jobs by (step, uid), edges
    /// by (hash, path), artifacts by hash, digests canonical first, publications by (time,
    /// visibility, owner), labels by (target, version).
    public func normalized() -> LineageRecord {
        var copy = self
        copy.lineage.jobs = lineage.jobs.map { job in
            var job = job
            job.inputs = Self.sortedRefs(job.inputs)
            job.outputs = Self.sortedRefs(job.outputs)
            return job
        }.sorted { $0.stepNumber != $1.stepNumber ? $0.stepNumber < $1.stepNumber : $0.jobUID < $1.jobUID }
        copy.artifacts = artifacts.map { artifact in
            var artifact = artifact
            let canonical = artifact.canonicalDigest
            artifact.digests = artifact.digests.sorted { lhs, rhs in
                if (lhs == canonical) != (rhs == canonical) { return lhs == canonical }
                return (lhs.algorithm, lhs.hex) < (rhs.algorithm, rhs.hex)
            }
            return artifact
        }.sorted { $0.hash < $1.hash }
        copy.composites = composites.map { composite in
            var composite = composite
            composite.artifact = copy.artifacts.first { $0.hash == composite.artifact.hash } ?? composite.artifact
            return composite
        }.sorted { $0.artifact.hash < $1.artifact.hash }
        copy.viewEdges = viewEdges.filter { !$0.value.isEmpty }.mapValues { edges in
            edges.sorted { ($0.relation, $0.targetHash) < ($1.relation, $1.targetHash) }
        }
        copy.publications = publications.sorted {
            ($0.createdAt, $0.visibility.rawValue, $0.ownerUserID ?? "", $0.projectID ?? "")
                < ($1.createdAt, $1.visibility.rawValue, $1.ownerUserID ?? "", $1.projectID ?? "")
        }
        copy.labels = labels.sorted { ($0.target.key, $0.version) < ($1.target.key, $1.version) }
        return copy
    }

    static func sortedRefs(_ refs: [ArtifactRef]) -> [ArtifactRef] {
        refs.sorted { ($0.hash, $0.path ?? "") < ($1.hash, $1.path ?? "") }
    }
}

/// One publication of a lineage: who may see it, and whose it is.
public struct PublicationRecord: Sendable, Hashable {
    public var visibility: Visibility
    /// The owning user's id (`nil`: published anonymously).
    public var ownerUserID: String?
    /// The project it was published into: a private one is visible to the project's
    /// organization members, not to its publisher as such.
    public var projectID: String?
    /// When it was published.
    public var createdAt: Date

    /// A publication as stored.
    public init(visibility: Visibility, ownerUserID: String?, projectID: String? = nil, createdAt: Date) {
        self.visibility = visibility
        self.ownerUserID = ownerUserID
        self.projectID = projectID
        self.createdAt = createdAt
    }
}

/// What `importLineage` did with a record.
public enum LineageImportResult: String, Sendable, Hashable {
    /// The lineage was new and is now stored, with its publications and labels.
    case created
    /// A lineage with that hash was already stored; nothing was written.
    case existing
}

extension LineageRecord {
    /// The publication a store writes for this record, once its content is checked against its
    /// recorded hash with `LineageHasher`.
    package func verifiedPublication() throws -> LineagePublication {
        try RecordRanges.check(self)
        let publication = LineagePublication(
            lineage: lineage, artifacts: artifacts, composites: composites, viewEdges: viewEdges,
            visibility: publications.first?.visibility ?? .public,
            ownerUserID: publications.first?.ownerUserID, projectID: publications.first?.projectID)
        guard publication.hash == hash else {
            throw LineageStoreError.invalid("lineage \(hash): its content hashes to \(publication.hash), not to the recorded hash")
        }
        return publication
    }
}
