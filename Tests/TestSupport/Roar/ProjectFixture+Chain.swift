import Foundation

@testable import RoarKit

/// Jobs recorded straight into a project's store (real store, real digests of real file
/// contents): a pipeline of any size without tracing each step.
extension ProjectFixture {
    /// Records a chain: step i reads `data-(i-1).txt` (step 1 reads `source.txt`) and writes
    /// `data-i.txt`, each file written to disk with distinct content. Returns the jobs.
    @discardableResult
    public func recordChain(_ count: Int, tag: String = "chain", extraOutputs: Int = 0) throws -> [LocalJob] {
        try write("source-\(tag).txt", "source of \(tag)\n")
        var previous = LocalFile(
            path: path("source-\(tag).txt"), digest: TestDigest.blake3("source of \(tag)\n"), size: Int64("source of \(tag)\n".utf8.count))
        var jobs: [LocalJob] = []
        for index in 1...count {
            var outputs: [LocalFile] = []
            for extra in 0...extraOutputs {
                let name = extra == 0 ? "\(tag)-\(index).txt" : "\(tag)-\(index)-part\(extra).txt"
                let content = "\(tag) step \(index) part \(extra)\n"
                try write(name, content)
                outputs.append(LocalFile(path: path(name), digest: TestDigest.blake3(content), size: Int64(content.utf8.count)))
            }
            let metadata =
                #"{"roar_version": "0.4.7", "runtime": {"python": {"version": "3.11.7", "implementation": "CPython"}, "timing": {"duration_seconds": 0.25}}, "packages": {"pip": {"numpy": "2.1.0"}}}"#
            let job = LocalJob(
                id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: "run", command: "python step.py \(tag) \(index)",
                argv: ["python", "step.py", tag, String(index)], cwd: root, startedAt: Date(), durationSeconds: 0.25, exitCode: 0, signal: nil,
                gitRepo: "https://git.example.test/demo.git", gitCommit: "e1750af3d9b6b41f384096e51557499b0d59a098", gitBranch: "main",
                gitClean: true,
                metadata: metadata, inputs: [previous], outputs: outputs, executables: [], processes: [], environment: nil, notes: [])
            let recorded = try store.record(job)
            jobs.append(recorded)
            previous = outputs[0]
        }
        return jobs
    }
}
