import Foundation
import TestSupport

@testable import RoarKit

/// A pipeline recorded across two sessions, with a branch, for the forward walks:
/// session 1: @1 prepare (raw.csv → data.txt), @2 features (data.txt → features.txt),
/// @3 stats (data.txt → stats.txt); session 2: @1 train (features.txt → model.txt).
struct BranchingPipeline {
    let fixture: ProjectFixture
    var jobs: [String: LocalJob] = [:]
    var files: [String: LocalFile] = [:]

    init(_ fixture: ProjectFixture, pip: [String: String] = ["numpy": "2.1.0"]) throws {
        self.fixture = fixture
        files["raw.csv"] = try file("raw.csv", "3\n1\n2\n")
        try record("prepare", reads: ["raw.csv"], writes: ["data.txt": "1\n2\n3\n"], pip: pip)
        try record("features", reads: ["data.txt"], writes: ["features.txt": "features of 1 2 3\n"], pip: pip)
        try record("stats", reads: ["data.txt"], writes: ["stats.txt": "mean 2\n"], pip: pip)
        _ = try fixture.store.startSession()
        try record("train", reads: ["features.txt"], writes: ["model.txt": "model of features\n"], pip: pip)
    }

    func file(_ name: String, _ text: String) throws -> LocalFile {
        try fixture.write(name, text)
        return LocalFile(path: fixture.path(name), digest: TestDigest.blake3(text), size: Int64(text.utf8.count))
    }

    mutating func record(_ name: String, reads: [String], writes: [String: String], pip: [String: String]) throws {
        let outputs = try writes.sorted { $0.key < $1.key }.map { try file($0.key, $0.value) }
        for output in outputs { files[(output.path as NSString).lastPathComponent] = output }
        let packages = pip.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ")
        let metadata = #"{"roar_version": "0.4.7", "runtime": {"python": {"version": "3.11.7"}}, "packages": {"pip": {"# + packages + "}}}"
        let job = LocalJob(
            id: 0, uid: "", sessionID: 0, stepNumber: 0, jobType: "run", command: "python \(name).py", argv: ["python", "\(name).py"],
            cwd: fixture.root, startedAt: Date(), durationSeconds: 0.25, exitCode: 0, signal: nil,
            gitRepo: "https://git.example.test/demo.git", gitCommit: "e1750af3d9b6b41f384096e51557499b0d59a098", gitBranch: "main",
            gitClean: true, metadata: metadata, inputs: reads.compactMap { files[$0] }, outputs: outputs, executables: [], processes: [],
            environment: nil, notes: [])
        jobs[name] = try fixture.store.record(job)
    }

    func digest(_ name: String) -> String { files[name]?.digest ?? "" }
}
