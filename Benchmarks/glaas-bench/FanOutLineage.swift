import Foundation
import LineageModel

/// One big lineage for the web benchmark: split → `width` shards → `width` process jobs →
/// `width` parts → merge → model → evaluate → metrics; with 400 shards, 1,206 nodes (the
/// shape of the web tests' big lineage, so its page folds the fan-out the same way).
struct FanOutLineage {
    let width: Int

    static let mergeJob = "merge000"

    var nodeCount: Int { 3 * width + 6 }

    func digest(_ label: String) -> String { SyntheticLineage.digest("fanout\(width)-\(label)") }

    var lineage: Lineage {
        let dataset = ArtifactRef(hash: digest("dataset"), path: "/data/dataset.tar", size: 1 << 30)
        let shards = (0..<width).map {
            ArtifactRef(hash: digest("shard-\($0)"), path: String(format: "/data/shards/shard-%04d.csv", $0), size: 2_684_354)
        }
        let parts = (0..<width).map {
            ArtifactRef(hash: digest("part-\($0)"), path: String(format: "/data/parts/part-%04d.parquet", $0), size: 100_000)
        }
        let model = ArtifactRef(hash: digest("model"), path: "/data/model.bin", size: 5_000_000)
        let metrics = ArtifactRef(hash: digest("metrics"), path: "/data/metrics.json", size: 90)
        var jobs = [Job(jobUID: "split000", command: "split dataset.tar", exitCode: 0, stepNumber: 1, inputs: [dataset], outputs: shards)]
        for index in 0..<width {
            jobs.append(
                Job(
                    jobUID: String(format: "proc%04d", index), command: "process shard-\(index)", exitCode: 0, stepNumber: 2 + index,
                    inputs: [shards[index]], outputs: [parts[index]]))
        }
        jobs.append(Job(jobUID: Self.mergeJob, command: "merge parts", exitCode: 0, stepNumber: width + 2, inputs: parts, outputs: [model]))
        jobs.append(Job(jobUID: "evalbig0", command: "evaluate model.bin", exitCode: 0, stepNumber: width + 3, inputs: [model], outputs: [metrics]))
        return Lineage(
            git: GitContext(repo: "https://git.example.com/big.git", commit: "0123456789abcdef", branch: "main"), creatorIdentity: "anonymous",
            jobs: jobs)
    }
}
