import Foundation
import LineageModel

/// What changed from one lineage to another (typically two runs of one pipeline): git, jobs
/// added, removed or changed (command, git, exit code, metadata keys, the digests read and
/// written at each path), and artifacts added or removed. A pure value computed by
/// `LineageDiff(from:to:)` from two `LineageRecord`s, for the query API and the web pages.
public struct LineageDiff: Sendable, Hashable {
    /// The lineage compared from ("before").
    public var fromHash: String
    /// The lineage compared to ("after").
    public var toHash: String
    /// Changed git fields (`repo`, `commit`, `branch`).
    public var git: [FieldChange]
    /// Jobs only in the "after" lineage.
    public var jobsAdded: [JobSummary]
    /// Jobs only in the "before" lineage.
    public var jobsRemoved: [JobSummary]
    /// Jobs in both (same uid, else same step number, else same command) that differ.
    public var jobsChanged: [JobChange]
    /// Artifact digests only the "after" lineage mentions.
    public var artifactsAdded: [String]
    /// Artifact digests only the "before" lineage mentions.
    public var artifactsRemoved: [String]

    /// Whether the two lineages have the same git, jobs and artifacts.
    public var isEmpty: Bool {
        git.isEmpty && jobsAdded.isEmpty && jobsRemoved.isEmpty && jobsChanged.isEmpty && artifactsAdded.isEmpty && artifactsRemoved.isEmpty
    }

    /// A scalar field that differs; nil on a side means absent.
    public struct FieldChange: Sendable, Hashable {
        public var field: String
        public var before: String?
        public var after: String?

        /// A change of `field`.
        public init(field: String, before: String?, after: String?) {
            self.field = field
            self.before = before
            self.after = after
        }
    }

    /// A job as a diff names it.
    public struct JobSummary: Sendable, Hashable {
        public var jobUID: String
        public var stepNumber: Int
        public var command: String?

        /// The summary of a job.
        public init(_ job: Job) {
            jobUID = job.jobUID
            stepNumber = job.stepNumber
            command = job.command
        }
    }

    /// One metadata leaf (dotted key) that differs; values are compact JSON text.
    public struct MetadataChange: Sendable, Hashable {
        public var key: String
        public var before: String?
        public var after: String?

        /// A change of the leaf `key`.
        public init(key: String, before: String?, after: String?) {
            self.key = key
            self.before = before
            self.after = after
        }
    }

    /// The digest read or written at one path that differs (nil: the path is not on that side).
    public struct DigestChange: Sendable, Hashable {
        public var path: String
        public var before: String?
        public var after: String?

        /// A change at `path`.
        public init(path: String, before: String?, after: String?) {
            self.path = path
            self.before = before
            self.after = after
        }
    }

    /// A job present on both sides, and how it differs.
    public struct JobChange: Sendable, Hashable {
        public var before: JobSummary
        public var after: JobSummary
        /// `command`, `git_commit`, `git_branch`, `job_type`, `exit_code`, `step_number`.
        public var fields: [FieldChange]
        public var metadata: [MetadataChange]
        public var inputs: [DigestChange]
        public var outputs: [DigestChange]

        /// A change; empty when the jobs do not differ.
        public init(
            before: JobSummary, after: JobSummary, fields: [FieldChange], metadata: [MetadataChange], inputs: [DigestChange], outputs: [DigestChange]
        ) {
            self.before = before
            self.after = after
            self.fields = fields
            self.metadata = metadata
            self.inputs = inputs
            self.outputs = outputs
        }

        /// Whether nothing differs.
        public var isEmpty: Bool { fields.isEmpty && metadata.isEmpty && inputs.isEmpty && outputs.isEmpty }
    }
}
