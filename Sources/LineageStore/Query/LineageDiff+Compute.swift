import Foundation
import LineageModel

extension LineageDiff {
    /// Compares two lineages. Jobs are paired by uid first, then by step number, then by
    /// command; what stays unpaired was added or removed.
    public init(from before: LineageRecord, to after: LineageRecord) {
        fromHash = before.hash
        toHash = after.hash
        git = Self.fieldChanges([
            ("repo", before.lineage.git.repo, after.lineage.git.repo),
            ("commit", before.lineage.git.commit, after.lineage.git.commit),
            ("branch", before.lineage.git.branch, after.lineage.git.branch),
        ])
        let (pairs, removed, added) = Self.pairJobs(before.lineage.jobs, after.lineage.jobs)
        jobsChanged = pairs.map(Self.jobChange).filter { !$0.isEmpty }
        jobsRemoved = removed.map(JobSummary.init)
        jobsAdded = added.map(JobSummary.init)
        let beforeArtifacts = Self.artifactHashes(before)
        let afterArtifacts = Self.artifactHashes(after)
        artifactsAdded = afterArtifacts.subtracting(beforeArtifacts).sorted()
        artifactsRemoved = beforeArtifacts.subtracting(afterArtifacts).sorted()
    }

    static func artifactHashes(_ record: LineageRecord) -> Set<String> {
        Set(record.artifacts.map(\.hash)).union(record.lineage.jobs.flatMap { $0.inputs.map(\.hash) + $0.outputs.map(\.hash) })
    }

    static func fieldChanges(_ fields: [(String, String?, String?)]) -> [FieldChange] {
        fields.compactMap { $0.1 == $0.2 ? nil : FieldChange(field: $0.0, before: $0.1, after: $0.2) }
    }

    /// Pairs of (before, after) jobs, and the unpaired jobs of each side, in step order.
    static func pairJobs(_ before: [Job], _ after: [Job]) -> (pairs: [(Job, Job)], removed: [Job], added: [Job]) {
        let order: (Job, Job) -> Bool = { ($0.stepNumber, $0.jobUID) < ($1.stepNumber, $1.jobUID) }
        var left = before.sorted(by: order)
        var right = after.sorted(by: order)
        var pairs: [(Job, Job)] = []
        for key in [{ (job: Job) in job.jobUID }, { "\($0.stepNumber)" }, { $0.command ?? "" }] {
            var unpaired: [Job] = []
            for job in left {
                if let index = right.firstIndex(where: { key($0) == key(job) }) {
                    pairs.append((job, right.remove(at: index)))
                } else {
                    unpaired.append(job)
                }
            }
            left = unpaired
        }
        return (pairs.sorted { order($0.1, $1.1) }, left, right)
    }

    static func jobChange(_ pair: (Job, Job)) -> JobChange {
        let (before, after) = pair
        let fields = fieldChanges([
            ("command", before.command, after.command),
            ("git_commit", before.gitCommit, after.gitCommit),
            ("git_branch", before.gitBranch, after.gitBranch),
            ("job_type", before.jobType, after.jobType),
            ("exit_code", before.exitCode.map(String.init), after.exitCode.map(String.init)),
            ("step_number", String(before.stepNumber), String(after.stepNumber)),
        ])
        return JobChange(
            before: JobSummary(before), after: JobSummary(after), fields: fields,
            metadata: metadataChanges(before.metadata, after.metadata),
            inputs: digestChanges(before.inputs, after.inputs), outputs: digestChanges(before.outputs, after.outputs))
    }

    /// Leaves (dotted keys) of the two metadata documents that differ; text that is not a JSON
    /// object counts as one leaf named `metadata`.
    static func metadataChanges(_ before: String?, _ after: String?) -> [MetadataChange] {
        func leaves(_ text: String?) -> [String: String] {
            guard let text else { return [:] }
            guard let object = (try? JSONParser.parse(text))?.objectValue else { return ["metadata": text] }
            return LabelDocument(object).leaves.mapValues { CanonicalJSON.string($0) }
        }
        let (left, right) = (leaves(before), leaves(after))
        return Set(left.keys).union(right.keys).sorted().compactMap { key in
            left[key] == right[key] ? nil : MetadataChange(key: key, before: left[key], after: right[key])
        }
    }

    /// Paths whose digest differs, or that only one side read (wrote); refs without a path are
    /// compared by digest under the path "".
    static func digestChanges(_ before: [ArtifactRef], _ after: [ArtifactRef]) -> [DigestChange] {
        func byPath(_ refs: [ArtifactRef]) -> [String: Set<String>] {
            refs.reduce(into: [:]) { $0[$1.path ?? "", default: []].insert($1.hash) }
        }
        let (left, right) = (byPath(before), byPath(after))
        return Set(left.keys).union(right.keys).sorted().flatMap { path -> [DigestChange] in
            let (old, new) = (left[path] ?? [], right[path] ?? [])
            guard old != new else { return [] }
            if old.count <= 1, new.count <= 1 { return [DigestChange(path: path, before: old.first, after: new.first)] }
            return old.subtracting(new).sorted().map { DigestChange(path: path, before: $0, after: nil) }
                + new.subtracting(old).sorted().map { DigestChange(path: path, before: nil, after: $0) }
        }
    }
}
