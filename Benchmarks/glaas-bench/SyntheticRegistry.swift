import Foundation
import LineageModel

/// The generator of the graph benchmark's registry: `lineages` runs of `chain` jobs each. Job
/// `k` of run `r` reads the previous job's output (the run's source file for the first job) and
/// the run's config file, and writes one output, so the registry holds one artifact per job
/// plus two per run. The first job of every run also reads one of `datasets` shared datasets,
/// which links runs: everything made from a dataset is its downstream closure.
struct SyntheticRegistry {
    let lineages: Int
    let chain: Int
    let datasets: Int

    /// A registry of about `jobs` jobs whose datasets each have at most `closure` descendant
    /// artifacts (and as many descendant jobs).
    init(jobs: Int, chain: Int, closure: Int) {
        self.chain = chain
        lineages = max(1, jobs / chain)
        datasets = max(1, (lineages * chain + closure - 1) / max(closure, 1))
    }

    var jobCount: Int { lineages * chain }

    func output(_ run: Int, _ job: Int) -> String { SyntheticLineage.digest("g\(run)-j\(job)") }
    func source(_ run: Int) -> String { SyntheticLineage.digest("g\(run)-src") }
    func config(_ run: Int) -> String { SyntheticLineage.digest("g\(run)-cfg") }
    func dataset(_ index: Int) -> String { SyntheticLineage.digest("dataset\(index)") }
    func datasetOf(run: Int) -> Int { run % datasets }
    func path(_ run: Int, _ job: Int) -> String { "/data/run-\(run)/out-\(job).bin" }

    /// Run `run` as one lineage.
    func lineage(_ run: Int) -> Lineage {
        Lineage(
            git: GitContext(
                repo: "https://git.example.com/graph.git", commit: String(SyntheticLineage.digest("commit\(run)").prefix(40)), branch: "main"),
            creatorIdentity: "anonymous",
            jobs: (0..<chain).map { job in
                var inputs = [ArtifactRef(hash: config(run), path: "/data/run-\(run)/config.yaml", size: 512)]
                if job == 0 {
                    inputs.append(ArtifactRef(hash: source(run), path: "/data/run-\(run)/source.csv", size: 4096))
                    inputs.append(
                        ArtifactRef(hash: dataset(datasetOf(run: run)), path: "/data/datasets/\(datasetOf(run: run)).parquet", size: 1 << 20))
                } else {
                    inputs.append(ArtifactRef(hash: output(run, job - 1), path: path(run, job - 1), size: 2048))
                }
                return Job(
                    jobUID: String(SyntheticLineage.digest("g\(run)-job\(job)").prefix(32)),
                    command: "python step\(job).py --run \(run)", timestamp: 1_795_789_893 + Double(run * chain + job),
                    durationSeconds: 1.5, exitCode: 0, jobType: "run", stepNumber: job + 1,
                    metadata: #"{"roar_version": "0.4.7", "packages": {"pip": {"torch": "2.5.1"}}}"#,
                    inputs: inputs, outputs: [ArtifactRef(hash: output(run, job), path: path(run, job), size: 2048)])
            })
    }
}
