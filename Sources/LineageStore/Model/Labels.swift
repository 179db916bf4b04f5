import Foundation
import LineageModel

/// What a label document is attached to.
public struct LabelTarget: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case dag, job, artifact
    }

    public var kind: Kind
    /// The lineage hash (dag, job; optional context for artifact).
    public var lineageHash: String?
    public var jobUID: String?
    /// The canonical digest (artifact).
    public var artifactHash: String?

    public init(kind: Kind, lineageHash: String?, jobUID: String? = nil, artifactHash: String? = nil) {
        self.kind = kind
        self.lineageHash = lineageHash
        self.jobUID = jobUID
        self.artifactHash = artifactHash
    }

    /// One string per target: documents are versioned per key. An artifact's label lives in
    /// the scope of a lineage (`artifact:LINEAGE:DIGEST`): each lineage naming the bytes keeps
    /// its own document, edited by whoever may edit that lineage and read by whoever sees it.
    /// (`artifact:DIGEST` without a lineage is the key of documents from before migration
    /// v7-lineage-facts, which moved them into a lineage's scope.)
    public var key: String {
        switch kind {
        case .dag: "dag:\(lineageHash ?? "")"
        case .job: "job:\(lineageHash ?? ""):\(jobUID ?? "")"
        case .artifact: lineageHash.map { "artifact:\($0):\(artifactHash ?? "")" } ?? "artifact:\(artifactHash ?? "")"
        }
    }
}

/// One version of a label document.
public struct LabelVersion: Sendable, Hashable {
    public var target: LabelTarget
    public var version: Int
    public var document: LabelDocument
    public var tombstones: Set<String>
    public var actor: String
    public var createdAt: Date

    public init(target: LabelTarget, version: Int, document: LabelDocument, tombstones: Set<String>, actor: String, createdAt: Date) {
        self.target = target
        self.version = version
        self.document = document
        self.tombstones = tombstones
        self.actor = actor
        self.createdAt = createdAt
    }
}

/// One change to apply to a label document.
public struct LabelChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A publisher's whole local document (register-time sync).
        case sync(LabelDocument)
        /// An interactive edit against the version the client last read (0: none yet).
        case reconcile(patch: LabelDocument, deletedKeys: [String], baseVersion: Int?, prune: Bool)
    }

    public var target: LabelTarget
    public var kind: Kind

    public init(target: LabelTarget, kind: Kind) {
        self.target = target
        self.kind = kind
    }
}

/// What one change did.
public struct LabelChangeResult: Sendable, Hashable {
    public var target: LabelTarget
    public var action: LabelMerge.Action
    public var version: Int
    public var deletedKeys: [String]

    public init(target: LabelTarget, action: LabelMerge.Action, version: Int, deletedKeys: [String]) {
        self.target = target
        self.action = action
        self.version = version
        self.deletedKeys = deletedKeys
    }
}

extension LabelChange {
    /// Whether this is a reconcile made against a version other than `currentVersion`.
    package func isStale(currentVersion: Int) -> Bool {
        guard case .reconcile(_, _, let base?, _) = kind else { return false }
        return base != currentVersion
    }

    /// Applies this change to the version before it: the result to report and, unless it
    /// changes nothing, the next version to store. Every store writes what this returns.
    package func apply(after before: LabelVersion?, actor: String, at date: Date) -> (result: LabelChangeResult, next: LabelVersion?) {
        let outcome: LabelMerge.Outcome
        switch kind {
        case .sync(let incoming):
            outcome = LabelMerge.sync(current: before?.document, tombstones: before?.tombstones ?? [], incoming: incoming)
        case .reconcile(let patch, let deletedKeys, _, let prune):
            outcome = LabelMerge.reconcile(
                current: before?.document, tombstones: before?.tombstones ?? [], patch: patch, deletedKeys: deletedKeys, prune: prune)
        }
        guard outcome.action != .noop else {
            return (LabelChangeResult(target: target, action: .noop, version: before?.version ?? 0, deletedKeys: []), nil)
        }
        let next = LabelVersion(
            target: target, version: (before?.version ?? 0) + 1, document: outcome.document, tombstones: outcome.tombstones,
            actor: actor, createdAt: date)
        return (LabelChangeResult(target: target, action: outcome.action, version: next.version, deletedKeys: outcome.deletedKeys), next)
    }
}

extension LabelVersion {
    /// This version as a lineage's record keeps it: an artifact label without a lineage (from an
    /// export made before artifact labels had one) moves into the scope of the lineage it was
    /// exported with; other labels already name theirs.
    public func scoped(toLineage hash: String) -> LabelVersion {
        guard target.kind == .artifact, target.lineageHash != hash else { return self }
        var copy = self
        copy.target.lineageHash = hash
        return copy
    }
}
