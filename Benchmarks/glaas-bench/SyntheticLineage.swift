import Crypto
import Foundation
import LineageModel

/// Deterministic synthetic lineages: job `j` of run `r` reads ten artifacts (the previous
/// job's outputs, or ten source files for the first job) and writes ten new ones.
struct SyntheticLineage {
    let run: Int
    let jobs: Int
    let fanIn: Int
    let fanOut: Int

    static func digest(_ label: String) -> String {
        HexString.encode(SHA256.hash(data: Array(label.utf8)))
    }

    func output(_ job: Int, _ index: Int) -> String { Self.digest("r\(run)-j\(job)-o\(index)") }
    func input(_ job: Int, _ index: Int) -> String { job == 0 ? Self.digest("r\(run)-src\(index)") : output(job - 1, index % fanOut) }
    func uid(_ job: Int) -> String { String(Self.digest("r\(run)-job\(job)").prefix(32)) }

    var lineage: Lineage {
        Lineage(
            git: GitContext(repo: "https://git.example.com/bench.git", commit: Self.digest("commit\(run)").prefix(40).description, branch: "main"),
            creatorIdentity: "anonymous",
            jobs: (0..<jobs).map { job in
                Job(
                    jobUID: uid(job), command: "python step\(job).py --seed \(run)", timestamp: 1_795_789_893 + Double(job),
                    durationSeconds: 0.25, exitCode: 0, jobType: "run", stepNumber: job + 1,
                    metadata: #"{"roar_version": "0.4.7", "packages": {"pip": {"numpy": "2.4.6"}}, "runtime": {"cpu": {"count": 2}}}"#,
                    inputs: (0..<fanIn).map { ArtifactRef(hash: input(job, $0), path: "/data/in-\(job)-\($0).bin", size: 1024) },
                    outputs: (0..<fanOut).map { ArtifactRef(hash: output(job, $0), path: "/data/out-\(job)-\($0).bin", size: 1024) })
            })
    }

    /// Every artifact the lineage mentions, described.
    var artifacts: [Artifact] {
        var seen = Set<String>()
        var result: [Artifact] = []
        for job in lineage.jobs {
            for ref in job.inputs + job.outputs where seen.insert(ref.hash).inserted {
                result.append(try! Artifact(digests: [try! Digest(algorithm: "blake3", hex: ref.hash)], size: 1024))
            }
        }
        return result
    }
}
