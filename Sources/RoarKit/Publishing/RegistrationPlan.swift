import Crypto
import Foundation
import LineageModel

/// Everything a registration sends, computed before any call: the lineage in the model's
/// terms, its canonical hash (LineageHasher, as roar-cli and the registry compute it), the
/// publication-scoped remote job uids, and the job, artifact and link payloads.
public struct RegistrationPlan: Sendable {
    /// Where an artifact's bytes can be fetched: `source_type` (s3, gs, https, hf; nil for
    /// file:// URLs, which the protocol has no type for) and URL.
    public typealias Source = (sourceType: String?, sourceURL: String)

    public let target: String
    public let jobs: [LocalJob]
    public let creatorIdentity: String
    public let git: GitContext
    public let lineage: Lineage
    /// The canonical lineage hash the registry will compute at finalize.
    public let lineageHash: String
    /// Local job uid → `sha256(hash \0 uid)[:32]`.
    public let remoteUIDs: [String: String]
    /// Every distinct artifact the jobs read or wrote, by digest.
    public let artifacts: [LocalFile]
    let sources: [String: Source]

    public init(selection: RegistrationSelection, creatorIdentity: String, sources: [String: Source] = [:]) {
        target = selection.target
        jobs = selection.jobs
        self.creatorIdentity = creatorIdentity
        self.sources = sources
        let latest = selection.jobs.last { $0.gitCommit != nil }
        git = GitContext(repo: latest?.gitRepo.map(URLCredentials.redacted), commit: latest?.gitCommit, branch: latest?.gitBranch)
        lineage = Lineage(git: git, creatorIdentity: creatorIdentity, jobs: selection.jobs.map(Self.modelJob))
        let hash = LineageHasher.hash(of: lineage)
        lineageHash = hash
        remoteUIDs = Dictionary(uniqueKeysWithValues: selection.jobs.map { ($0.uid, Self.remoteUID(lineageHash: hash, localUID: $0.uid)) })
        var byDigest: [String: LocalFile] = [:]
        var order: [String] = []
        for job in selection.jobs {
            for file in job.inputs + job.outputs where byDigest[file.digest] == nil {
                byDigest[file.digest] = file
                order.append(file.digest)
            }
        }
        artifacts = order.map { byDigest[$0]! }
    }

    /// roar-cli's `build_remote_publication_job_uid`.
    public static func remoteUID(lineageHash: String, localUID: String) -> String {
        let text = "\(lineageHash.lowercased())\0\(localUID.trimmingCharacters(in: .whitespaces))"
        return String(HexString.encode(SHA256.hash(data: Array(text.utf8))).prefix(32))
    }

    static func modelJob(_ job: LocalJob) -> Job {
        Job(
            jobUID: job.uid, command: job.command, timestamp: job.startedAt.timeIntervalSince1970, gitCommit: job.gitCommit, gitBranch: job.gitBranch,
            durationSeconds: job.durationSeconds, exitCode: job.exitCode ?? job.shellStatus, jobType: job.jobType, stepNumber: job.stepNumber,
            metadata: job.metadata, inputs: refs(job.inputs), outputs: refs(job.outputs))
    }

    /// One edge per content hash (smallest path kept), as the registry keys edges.
    static func refs(_ files: [LocalFile]) -> [ArtifactRef] {
        ArtifactRef.deduplicatedByHash(files.map { ArtifactRef(hash: $0.digest, path: $0.path, size: $0.size) })
    }

    /// `jobs/batch` entries, with remote uids.
    public var jobPayloads: [JSONValue] {
        jobs.map { job in
            var entry: [String: JSONValue] = [
                "command": .string(job.command), "timestamp": .double(job.startedAt.timeIntervalSince1970), "job_uid": .string(remoteUIDs[job.uid]!),
                "git_commit": job.gitCommit.map(JSONValue.string) ?? .null, "git_branch": .string(job.gitBranch ?? ""),
                "duration_seconds": .double(job.durationSeconds), "exit_code": .int(Int64(job.exitCode ?? job.shellStatus)),
                "job_type": .string(job.jobType), "step_number": .int(Int64(job.stepNumber)),
            ]
            entry["metadata"] = .string(job.metadata)
            return .object(entry)
        }
    }

    /// `artifacts/batch` entries: BLAKE3 digest and size, and where the bytes live when known.
    public var artifactPayloads: [JSONValue] {
        artifacts.map { file in
            var entry: [String: JSONValue] = [
                "hashes": [["algorithm": "blake3", "digest": .string(file.digest)]], "size": .int(file.size), "source_type": .null,
            ]
            if let source = sources[file.digest] {
                entry["source_type"] = source.sourceType.map { .string($0) } ?? .null
                entry["source_url"] = .string(URLCredentials.redacted(source.sourceURL))
            }
            return .object(entry)
        }
    }

    /// The input and output link entries of one job (one per content hash).
    public func links(_ job: LocalJob) -> (inputs: [JSONValue], outputs: [JSONValue]) {
        func entries(_ files: [LocalFile]) -> [JSONValue] {
            Self.refs(files).map { ["hash": .string($0.hash), "path": .string($0.path ?? ""), "size": .int($0.size ?? 0)] }
        }
        return (entries(job.inputs), entries(job.outputs))
    }

    /// finalize's `expected`: jobs and distinct (job, hash) edges.
    public var expectedCounts: (jobs: Int, inputs: Int, outputs: Int) {
        (jobs.count, jobs.reduce(0) { $0 + Self.refs($1.inputs).count }, jobs.reduce(0) { $0 + Self.refs($1.outputs).count })
    }

    public var linkCount: Int { expectedCounts.inputs + expectedCounts.outputs }
}
