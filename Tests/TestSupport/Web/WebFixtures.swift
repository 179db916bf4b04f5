import Foundation
import LineageModel
import LineageStore

/// Lineages the web tests publish through the store: a small pipeline with recorded
/// environment and packages, its variant (for diffs), one with hostile paths and commands, a
/// private one, and a big one (1,000+ nodes with a 400-way fan-out).
public enum WebFixtures {
    /// The recorded runtime and packages every pipeline job carries (LR and NUMPY replaced).
    public static let metadata = """
        {"roar_version": "0.4.7", "git": {"commit": "e1750af3d9b6", "branch": "main", "clean": true, "commit_message": "train it"},
         "runtime": {"hostname": "worker-7", "os": {"system": "Linux", "release": "6.1.0", "machine": "x86_64"},
                     "python": {"implementation": "CPython", "version": "3.11.7"}, "env_vars": {"LR": "LEARNING_RATE"},
                     "cpu": {"model": "AMD EPYC", "count": 2}, "memory": {"total_mb": 24105}},
         "packages": {"pip": {"numpy": "NUMPY_VERSION", "torch": "2.3.1"}, "dpkg": {"libssl3": "3.0.15"}}}
        """

    /// Artifact `name` of the pipeline tagged `tag`.
    public static func ref(_ name: String, _ tag: String) -> ArtifactRef {
        ArtifactRef(hash: TestDigest.label(name + tag), path: "/home/alice/demo/\(name)", size: 1234)
    }

    /// prepare → data.csv → train → model.bin → evaluate → metrics.json; `lr` and `numpy` vary.
    public static func pipeline(tag: String = "", lr: String = "0.05", numpy: String = "2.0", repo: String = "https://git.example.com/demo.git")
        -> Lineage
    {
        let metadata = metadata.replacingOccurrences(of: "LEARNING_RATE", with: lr).replacingOccurrences(of: "NUMPY_VERSION", with: numpy)
        let jobs = [
            Job(
                jobUID: "prep0001" + tag, command: "python prepare.py raw.csv", timestamp: 1_795_789_893.5, durationSeconds: 1.25,
                exitCode: 0, stepNumber: 1, metadata: metadata, inputs: [ref("raw.csv", "")], outputs: [ref("data.csv", tag)]),
            Job(
                jobUID: "train001" + tag, command: "python train.py data.csv", timestamp: 1_795_789_900, durationSeconds: 42,
                exitCode: 0, stepNumber: 2, metadata: metadata, inputs: [ref("data.csv", tag)], outputs: [ref("model.bin", tag)]),
            Job(
                jobUID: "eval0001" + tag, command: "python evaluate.py model.bin", timestamp: 1_795_789_950, durationSeconds: 3,
                exitCode: 0, stepNumber: 3, metadata: metadata, inputs: [ref("model.bin", tag), ref("data.csv", tag)],
                outputs: [ref("metrics.json", tag)]),
        ]
        return Lineage(
            git: GitContext(repo: repo, commit: "e1750af3d9b6b41f384096e51557499b0d59a098", branch: "main"), creatorIdentity: "anonymous", jobs: jobs)
    }

    /// A command that is markup.
    public static let hostileCommand = "python x.py '<script>alert(1)</script>' \"&quot;\" <img src=x onerror=alert(2)>"
    /// A path that is markup.
    public static let hostilePath = "/tmp/<b>bold</b>/\"quoted\"&amp;/evil'.csv"

    /// A job whose command and paths are markup.
    public static func hostile() -> Lineage {
        let output = ArtifactRef(hash: TestDigest.label("hostile-out"), path: hostilePath, size: 7)
        let job = Job(
            jobUID: "evil0001", command: hostileCommand, exitCode: 3, stepNumber: 1,
            metadata: #"{"runtime": {"env_vars": {"<X>": "</td><script>"}}}"#, inputs: [], outputs: [output])
        return Lineage(
            git: GitContext(repo: "https://example.com/<repo>.git", commit: "abc", branch: "<main>"), creatorIdentity: "anonymous", jobs: [job])
    }

    /// The big lineage's fan-out.
    public static let fanOut = 400

    /// split → 400 shards → 400 process jobs → 400 parts → merge → model → evaluate → metrics:
    /// 1,208 nodes.
    public static func big() -> Lineage {
        let dataset = ArtifactRef(hash: TestDigest.label("big-dataset"), path: "/data/dataset.tar", size: 1 << 30)
        let shards = (0..<fanOut).map {
            ArtifactRef(hash: TestDigest.label("big-shard-\($0)"), path: String(format: "/data/shards/shard-%04d.csv", $0), size: 2_684_354)
        }
        let parts = (0..<fanOut).map {
            ArtifactRef(hash: TestDigest.label("big-part-\($0)"), path: String(format: "/data/parts/part-%04d.parquet", $0), size: 100_000)
        }
        let model = ArtifactRef(hash: TestDigest.label("big-model"), path: "/data/model.bin", size: 5_000_000)
        let metrics = ArtifactRef(hash: TestDigest.label("big-metrics"), path: "/data/metrics.json", size: 90)
        var jobs = [Job(jobUID: "split000", command: "split dataset.tar", stepNumber: 1, inputs: [dataset], outputs: shards)]
        for index in 0..<fanOut {
            jobs.append(
                Job(
                    jobUID: String(format: "proc%04d", index), command: "process shard-\(index)", stepNumber: 2 + index,
                    inputs: [shards[index]], outputs: [parts[index]]))
        }
        jobs.append(Job(jobUID: "merge000", command: "merge parts", stepNumber: fanOut + 2, inputs: parts, outputs: [model]))
        jobs.append(Job(jobUID: "evalbig0", command: "evaluate model.bin", stepNumber: fanOut + 3, inputs: [model], outputs: [metrics]))
        return Lineage(
            git: GitContext(repo: "https://git.example.com/big.git", commit: "0123456789abcdef", branch: "main"), creatorIdentity: "anonymous",
            jobs: jobs)
    }

    /// The hashes of what `seed` published.
    public struct Seeded: Sendable {
        /// The pipeline's lineage hash.
        public var pipeline: String
        /// Its variant's (lr 0.2, numpy 2.1).
        public var variant: String
        /// The hostile lineage's.
        public var hostile: String
        /// The 1,208-node lineage's.
        public var big: String
        /// The private lineage's (owned by carol).
        public var privateLineage: String
    }

    /// Publishes every fixture lineage into `store`.
    public static func seed(_ store: any RegistryStore) async throws -> Seeded {
        func publish(_ lineage: Lineage, _ visibility: Visibility = .public, owner: String? = nil, artifacts: [Artifact] = []) async throws -> String
        {
            try await store.publish(
                LineagePublication(lineage: lineage, artifacts: artifacts, visibility: visibility, ownerUserID: owner), closing: nil
            ).receipt.lineageHash
        }
        let owner = try await store.addUser(name: "carol", email: nil)
        let model = try Artifact(
            digests: [
                try Digest(algorithm: "blake3", hex: TestDigest.label("model.bin")),
                try Digest(algorithm: "sha256", hex: TestDigest.label("sha-model")),
            ],
            size: 1234, sourceType: "s3", sourceURL: "s3://bucket/models/model.bin")
        return Seeded(
            pipeline: try await publish(pipeline(), artifacts: [model]),
            variant: try await publish(pipeline(tag: "-v2", lr: "0.2", numpy: "2.1")),
            hostile: try await publish(hostile()),
            big: try await publish(big()),
            privateLineage: try await publish(pipeline(tag: "-secret", repo: "https://git.example.com/secret.git"), .private, owner: owner.id))
    }
}
